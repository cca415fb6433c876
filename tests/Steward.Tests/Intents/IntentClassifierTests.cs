using Steward.Intents;

namespace Steward.Tests.Intents;

public class IntentClassifierTests
{
    /// <summary>A small Korean + English set: enough to learn, small enough to train in milliseconds.</summary>
    internal static readonly IntentExample[] Train =
    [
        new("배송 언제 와요?", "배송문의"), new("택배 아직 안 왔어요", "배송문의"), new("언제 도착하나요", "배송문의"), new("배송조회 부탁드려요", "배송문의"),
        new("where is my package", "배송문의"), new("when will my order arrive", "배송문의"), new("delivery is late", "배송문의"), new("has it shipped yet", "배송문의"),
        new("환불해주세요", "환불/반품"), new("반품하고 싶어요", "환불/반품"), new("돈 돌려받고 싶어요", "환불/반품"), new("반품 신청 어떻게 해요", "환불/반품"),
        new("i want a refund", "환불/반품"), new("how do i return this", "환불/반품"), new("refund my money please", "환불/반품"), new("return request", "환불/반품"),
        new("주문 취소할게요", "취소"), new("취소해주세요", "취소"), new("주문한거 취소 가능해요?", "취소"), new("결제 취소 부탁", "취소"),
        new("cancel my order", "취소"), new("please cancel it", "취소"), new("i want to cancel", "취소"), new("cancel the purchase", "취소"),
        new("오늘 날씨 어때", "out_of_scope"), new("파이썬 배우고 싶어", "out_of_scope"), new("주식 뭐 살까", "out_of_scope"), new("노래 추천해줘", "out_of_scope"),
        new("what is the capital of france", "out_of_scope"), new("tell me a joke", "out_of_scope"), new("who won the game", "out_of_scope"), new("write me a poem", "out_of_scope"),
    ];

    private static IntentModel TrainSmall(double minConfidence = 0) =>
        IntentTrainer.Train(Train, new IntentTrainingOptions { MinConfidence = minConfidence });

    [Theory]
    [InlineData("배송 언제 오나요?", "배송문의")]
    [InlineData("택배가 안와요ㅠㅠ", "배송문의")]
    [InlineData("when does my package arrive", "배송문의")]
    [InlineData("환불 받고싶어요", "환불/반품")]
    [InlineData("can i get a refund", "환불/반품")]
    [InlineData("주문 취소 해주세요", "취소")]
    [InlineData("please cancel my order", "취소")]
    [InlineData("날씨 알려줘", "out_of_scope")]
    [InlineData("tell me a funny joke", "out_of_scope")]
    public void Learns_korean_and_english_intents_from_few_examples(string text, string expected) =>
        Assert.Equal(expected, TrainSmall().Predict(text).Intent);

    [Fact]
    public void Training_is_deterministic_and_a_saved_model_predicts_the_same()
    {
        var first = TrainSmall();
        var second = TrainSmall();
        var path = Path.Combine(Path.GetTempPath(), $"intents-{Guid.NewGuid():n}.model");
        try
        {
            first.Save(path);
            var loaded = IntentModel.Load(path);
            foreach (var text in new[] { "배송 언제", "refund", "취소", "아무말", "" })
            {
                var expected = first.Predict(text);
                Assert.Equal(expected, second.Predict(text), PredictionComparer.Instance);
                Assert.Equal(expected, loaded.Predict(text), PredictionComparer.Instance);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Probabilities_are_calibrated_to_sum_to_one_and_low_confidence_means_out_of_scope()
    {
        var model = TrainSmall();
        var prediction = model.Predict("배송 언제 와요?", top: 10);
        Assert.Equal(1.0, prediction.Top.Sum(score => score.Probability), 6);
        Assert.Equal(prediction.Top[0].Probability, prediction.Confidence);

        var strict = TrainSmall(minConfidence: 0.999);
        var refused = strict.Predict("배송 언제 와요?");
        Assert.True(refused.IsOutOfScope);
        Assert.Equal("배송문의", refused.Top[0].Intent);
    }

    [Fact]
    public void A_file_that_is_not_a_model_is_refused()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "not a model");
            Assert.ThrowsAny<Exception>(() => IntentModel.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Evaluation_scores_in_scope_accuracy_macro_f1_oos_recall_and_confusions()
    {
        var result = IntentEvaluation.FromPairs(
        [
            ("a", "a"), ("a", "a"), ("a", "b"), ("b", "b"),
            ("out_of_scope", "out_of_scope"), ("out_of_scope", "a"),
        ]);

        Assert.Equal(6, result.Examples);
        Assert.Equal(0.75, result.Accuracy, 6);
        // a: precision 2/3, recall 2/3 → F1 2/3; b: precision 1/2, recall 1 → F1 2/3
        Assert.Equal(2.0 / 3, result.MacroF1, 6);
        Assert.Equal(0.5, result.OosRecall);
        Assert.Equal(2.0 / 3, result.RecallByIntent["a"], 6);
        Assert.Equal(1.0, result.RecallByIntent["b"], 6);
        Assert.Contains(result.MostConfused, c => c == new IntentConfusion("a", "b", 1));
        Assert.Null(IntentEvaluation.FromPairs([("a", "a")]).OosRecall);
    }

    private sealed class PredictionComparer : IEqualityComparer<IntentPrediction>
    {
        public static readonly PredictionComparer Instance = new();

        public bool Equals(IntentPrediction? x, IntentPrediction? y) =>
            x is not null && y is not null && x.Intent == y.Intent && Math.Abs(x.Confidence - y.Confidence) < 1e-6 &&
            x.Top.Select(s => s.Intent).SequenceEqual(y.Top.Select(s => s.Intent));

        public int GetHashCode(IntentPrediction obj) => obj.Intent.GetHashCode(StringComparison.Ordinal);
    }
}
