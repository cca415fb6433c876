using Steward.Knowledge;

namespace Steward.Tests.Knowledge;

public class RetrievalTests
{
    [Fact]
    public void Korean_terms_include_syllable_bigrams_so_a_noun_matches_it_with_a_particle()
    {
        var terms = TextAnalyzer.Terms("배송은 보통 2일");
        Assert.Contains("배송은", terms);
        Assert.Contains("~배송", terms);
        Assert.Contains("~송은", terms);
        Assert.Contains("2일", terms);
        Assert.Contains("~배송", TextAnalyzer.Terms("배송"));
    }

    [Theory]
    [InlineData("deleting", "delet")]
    [InlineData("deleted", "delet")]
    [InlineData("accounts", "account")]
    [InlineData("libraries", "library")]
    [InlineData("gas", "gas")]
    [InlineData("the", "the")]
    public void English_words_lose_common_inflections(string word, string stem) => Assert.Equal(stem, TextAnalyzer.Stem(word));

    [Fact]
    public void Bm25_ranks_the_document_that_matches_rare_terms_first()
    {
        var index = new Bm25Index(new Bm25Options(), text => TextAnalyzer.Terms(text));
        index.Add("배송은 결제 후 2~3일 걸립니다. 배송비는 3,000원입니다.");
        index.Add("반품은 수령 후 7일 이내에 신청하세요.");
        index.Add("교환은 같은 상품의 다른 사이즈로만 가능합니다.");
        index.Add("How do I delete my account? Go to settings and choose delete.");

        Assert.Equal(0, index.Search("배송 얼마나 걸려요?")[0].Document);
        Assert.Equal(1, index.Search("반품 신청 기간")[0].Document);
        Assert.Equal(3, index.Search("deleting accounts")[0].Document);
        Assert.Empty(index.Search("zzz qqq"));
        Assert.Empty(new Bm25Index(new Bm25Options(), text => TextAnalyzer.Terms(text)).Search("anything"));
    }

    [Fact]
    public void Metrics_follow_the_definitions_exactly()
    {
        var qrels = new Dictionary<string, HashSet<string>>
        {
            ["q1"] = ["d1"],
            ["q2"] = ["d2", "d3"],
            ["q3"] = ["d9"],
        };
        var rankings = new Dictionary<string, string[]>
        {
            ["one"] = ["d1", "x"],       // q1: hit at rank 1
            ["two"] = ["x", "d3", "d2"], // q2: hits at ranks 2 and 3
            ["three"] = ["x", "y"],      // q3: no hit
        };
        var scores = RetrievalEvaluation.Score(
            [("q1", "one"), ("q2", "two"), ("q3", "three"), ("unjudged", "one")], qrels, query => rankings[query]);

        var q2Ndcg = (1 / Math.Log2(3) + 1 / Math.Log2(4)) / (1 + 1 / Math.Log2(3));
        Assert.Equal(3, scores.Queries);
        Assert.Equal((1 + q2Ndcg + 0) / 3, scores.NdcgAt10, 9);
        Assert.Equal((1 + 1 + 0) / 3.0, scores.RecallAt10, 9);
        Assert.Equal((1 + 0.5 + 0) / 3, scores.MrrAt10, 9);
    }
}
