using System.Globalization;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;

namespace Steward.Intents;

public sealed record IntentExample(string Text, string Label);

public enum DatasetSplit
{
    Train,
    Test,
}

/// <summary>
/// Reads labelled utterances: CSV with a <c>text</c> column and a <c>label</c> (or <c>category</c>/<c>intent</c>) column,
/// or JSON in the CLINC150 layout (<c>{"train":[[text,label],…],"test":…,"oos_train":…,"oos_test":…}</c>), where a
/// split takes its in-scope part plus its <c>oos_</c> part. The labels <c>oos</c> and <c>out_of_scope</c> both mean
/// out of scope and are read as <see cref="IntentModel.OutOfScope"/>.
/// </summary>
public static class IntentDataset
{
    private static readonly string[] LabelColumns = ["label", "category", "intent"];

    public static IReadOnlyList<IntentExample> Load(string path, DatasetSplit split)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} does not exist.", path);
        }

        if (Path.GetExtension(path).Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            return LoadJson(path, split);
        }

        using var stream = File.OpenRead(path);
        return Load(stream, path);
    }

    /// <summary>Reads CSV from a stream; <paramref name="name"/> names it in error messages.</summary>
    public static IReadOnlyList<IntentExample> Load(Stream csvStream, string name) => LoadCsv(csvStream, name);

    public static string NormaliseLabel(string label) =>
        label.Trim() is "oos" or "out_of_scope" or "OOS" ? IntentModel.OutOfScope : label.Trim();

    private static List<IntentExample> LoadCsv(Stream stream, string path)
    {
        using var reader = new StreamReader(stream);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { TrimOptions = TrimOptions.None });
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { } header)
        {
            throw new InvalidDataException($"{path} is empty: expected a header 'text,label'.");
        }

        var textColumn = Array.FindIndex(header, h => h.Trim().Equals("text", StringComparison.OrdinalIgnoreCase));
        var labelColumn = Array.FindIndex(header, h => LabelColumns.Contains(h.Trim(), StringComparer.OrdinalIgnoreCase));
        if (textColumn < 0 || labelColumn < 0)
        {
            throw new InvalidDataException($"{path}: the header must have a 'text' and a 'label' column (found: {string.Join(",", header)}).");
        }

        var examples = new List<IntentExample>();
        while (csv.Read())
        {
            var text = csv.GetField(textColumn);
            var label = csv.GetField(labelColumn);
            if (string.IsNullOrWhiteSpace(text) || string.IsNullOrWhiteSpace(label))
            {
                throw new InvalidDataException($"{path}, line {csv.Parser.RawRow}: empty text or label.");
            }

            examples.Add(new IntentExample(text, NormaliseLabel(label)));
        }

        return examples;
    }

    private static List<IntentExample> LoadJson(string path, DatasetSplit split)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream);
        var name = split == DatasetSplit.Train ? "train" : "test";
        var examples = new List<IntentExample>();
        foreach (var key in new[] { name, "oos_" + name })
        {
            if (!document.RootElement.TryGetProperty(key, out var rows))
            {
                continue;
            }

            foreach (var row in rows.EnumerateArray())
            {
                if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() < 2)
                {
                    throw new InvalidDataException($"{path}: every row of '{key}' must be [text, label].");
                }

                examples.Add(new IntentExample(row[0].GetString() ?? "", NormaliseLabel(row[1].GetString() ?? "")));
            }
        }

        if (examples.Count == 0)
        {
            throw new InvalidDataException($"{path} has no '{name}' rows.");
        }

        return examples;
    }
}
