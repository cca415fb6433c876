using Steward.Intents;

namespace Steward.Tests.Intents;

public class IntentDatasetTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("steward-intents-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Csv_with_text_and_label_quoted_fields_and_oos_labels()
    {
        var path = Write("a.csv", "text,label\n\"배송, 언제 와요?\",배송문의\n\"he said \"\"hi\"\"\",기타\nweather?,oos\n");
        var examples = IntentDataset.Load(path, DatasetSplit.Train);
        Assert.Equal(
            [new("배송, 언제 와요?", "배송문의"), new("he said \"hi\"", "기타"), new("weather?", IntentModel.OutOfScope)],
            examples);
    }

    [Fact]
    public void Banking77_style_category_column_is_read_as_the_label()
    {
        var path = Write("b.csv", "text,category\nI am still waiting on my card?,card_arrival\n");
        Assert.Equal([new IntentExample("I am still waiting on my card?", "card_arrival")], IntentDataset.Load(path, DatasetSplit.Test));
    }

    [Fact]
    public void Clinc_json_takes_the_split_plus_its_out_of_scope_part()
    {
        var path = Write("c.json", """
            {"train":[["hi","greet"]],"val":[["v","greet"]],"test":[["yo","greet"],["bye","leave"]],
             "oos_train":[["weather","oos"]],"oos_val":[],"oos_test":[["stocks","oos"]]}
            """);
        Assert.Equal([new("hi", "greet"), new("weather", IntentModel.OutOfScope)], IntentDataset.Load(path, DatasetSplit.Train));
        Assert.Equal([new("yo", "greet"), new("bye", "leave"), new("stocks", IntentModel.OutOfScope)], IntentDataset.Load(path, DatasetSplit.Test));
    }

    [Theory]
    [InlineData("words,label\nx,y\n")]
    [InlineData("")]
    [InlineData("text,label\n,empty-text\n")]
    public void Malformed_files_are_refused_with_a_readable_error(string content)
    {
        var path = Write("bad.csv", content);
        var error = Assert.Throws<InvalidDataException>(() => IntentDataset.Load(path, DatasetSplit.Train));
        Assert.Contains("bad.csv", error.Message);
    }
}
