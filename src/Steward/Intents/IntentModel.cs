using System.IO.Compression;

namespace Steward.Intents;

public sealed record IntentScore(string Intent, double Probability);

/// <summary>
/// The decision for one message. <see cref="Intent"/> is <see cref="IntentModel.OutOfScope"/> when the model's best
/// guess is the out-of-scope class or falls below the model's minimum confidence; <see cref="Top"/> still shows what it
/// weighed.
/// </summary>
public sealed record IntentPrediction(string Intent, double Confidence, IReadOnlyList<IntentScore> Top)
{
    public bool IsOutOfScope => Intent == IntentModel.OutOfScope;
}

/// <summary>
/// A trained linear intent classifier: TF-IDF weighted hashed n-grams (<see cref="TextFeatures"/>), one weight per
/// (feature, intent), softmax probabilities. Immutable and thread-safe once built.
/// </summary>
public sealed class IntentModel
{
    public const string OutOfScope = "out_of_scope";
    private const int FormatVersion = 1;

    private readonly string[] _labels;
    private readonly Dictionary<ulong, int> _vocabulary;
    private readonly float[] _idf;
    private readonly float[] _weights; // feature-major: _weights[feature * labels + label]
    private readonly float[] _bias;

    internal IntentModel(string[] labels, Dictionary<ulong, int> vocabulary, float[] idf, float[] weights, float[] bias, double minConfidence)
    {
        _labels = labels;
        _vocabulary = vocabulary;
        _idf = idf;
        _weights = weights;
        _bias = bias;
        MinConfidence = minConfidence;
    }

    public IReadOnlyList<string> Labels => _labels;

    /// <summary>Below this probability the answer is <see cref="OutOfScope"/> (a human should look).</summary>
    public double MinConfidence { get; }

    public int FeatureCount => _vocabulary.Count;

    internal int LabelCount => _labels.Length;

    internal float[] Weights => _weights;

    internal float[] Bias => _bias;

    public IntentPrediction Predict(string text, int top = 3)
    {
        var probabilities = Probabilities(Vectorize(text));
        var order = new int[Math.Min(Math.Max(1, top), _labels.Length)];
        for (var rank = 0; rank < order.Length; rank++)
        {
            var pick = -1;
            for (var k = 0; k < probabilities.Length; k++)
            {
                if ((pick < 0 || probabilities[k] > probabilities[pick]) && Array.IndexOf(order, k, 0, rank) < 0)
                {
                    pick = k;
                }
            }

            order[rank] = pick;
        }

        var best = order[0];
        var intent = _labels[best] == OutOfScope || probabilities[best] < MinConfidence ? OutOfScope : _labels[best];
        return new IntentPrediction(intent, probabilities[best], order.Select(i => new IntentScore(_labels[i], probabilities[i])).ToArray());
    }

    /// <summary>The message as (feature index, TF-IDF weight) pairs, L2-normalised; unknown features are dropped.</summary>
    internal SparseVector Vectorize(string text)
    {
        var counts = t_counts ??= new Dictionary<int, int>();
        counts.Clear();
        var sink = new VocabularySink(_vocabulary, counts);
        TextFeatures.Extract(TextFeatures.Normalise(text), ref sink);
        return SparseVector.TfIdf(counts, _idf);
    }

    [ThreadStatic]
    private static Dictionary<int, int>? t_counts;

    private readonly struct VocabularySink(Dictionary<ulong, int> vocabulary, Dictionary<int, int> counts) : TextFeatures.ISink
    {
        public void Add(ulong feature)
        {
            if (vocabulary.TryGetValue(feature, out var index))
            {
                System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, index, out _)++;
            }
        }
    }

    internal double[] Probabilities(SparseVector x) => Probabilities(x, new double[_labels.Length]);

    /// <summary>Softmax probabilities written into <paramref name="logits"/> (length = labels), which is returned.</summary>
    internal double[] Probabilities(SparseVector x, double[] logits)
    {
        for (var k = 0; k < logits.Length; k++)
        {
            logits[k] = _bias[k];
        }

        for (var i = 0; i < x.Indices.Length; i++)
        {
            var row = x.Indices[i] * _labels.Length;
            var value = x.Values[i];
            for (var k = 0; k < logits.Length; k++)
            {
                logits[k] += value * _weights[row + k];
            }
        }

        return Softmax(logits);
    }

    internal static double[] Softmax(double[] logits)
    {
        var max = double.NegativeInfinity;
        foreach (var logit in logits)
        {
            max = Math.Max(max, logit);
        }

        var sum = 0.0;
        for (var k = 0; k < logits.Length; k++)
        {
            logits[k] = Math.Exp(logits[k] - max);
            sum += logits[k];
        }

        for (var k = 0; k < logits.Length; k++)
        {
            logits[k] /= sum;
        }

        return logits;
    }

    public void Save(string path)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Optimal);
        using var writer = new BinaryWriter(gzip);
        writer.Write("steward-intents");
        writer.Write(FormatVersion);
        writer.Write(MinConfidence);
        writer.Write(_labels.Length);
        foreach (var label in _labels)
        {
            writer.Write(label);
        }

        writer.Write(_vocabulary.Count);
        foreach (var (hash, index) in _vocabulary.OrderBy(pair => pair.Value))
        {
            writer.Write(hash);
            writer.Write(_idf[index]);
        }

        foreach (var weight in _weights)
        {
            writer.Write(weight);
        }

        foreach (var bias in _bias)
        {
            writer.Write(bias);
        }
    }

    public static IntentModel Load(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new BinaryReader(gzip);
        if (reader.ReadString() != "steward-intents" || reader.ReadInt32() != FormatVersion)
        {
            throw new InvalidDataException($"{path} is not a Steward intent model (or was written by another version).");
        }

        var minConfidence = reader.ReadDouble();
        var labels = new string[reader.ReadInt32()];
        for (var k = 0; k < labels.Length; k++)
        {
            labels[k] = reader.ReadString();
        }

        var features = reader.ReadInt32();
        var vocabulary = new Dictionary<ulong, int>(features);
        var idf = new float[features];
        for (var j = 0; j < features; j++)
        {
            vocabulary[reader.ReadUInt64()] = j;
            idf[j] = reader.ReadSingle();
        }

        var weights = new float[features * labels.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = reader.ReadSingle();
        }

        var bias = new float[labels.Length];
        for (var k = 0; k < bias.Length; k++)
        {
            bias[k] = reader.ReadSingle();
        }

        return new IntentModel(labels, vocabulary, idf, weights, bias, minConfidence);
    }
}

/// <summary>A sparse, L2-normalised feature vector.</summary>
internal readonly record struct SparseVector(int[] Indices, float[] Values)
{
    /// <summary>Sublinear term frequency (1 + ln tf) times IDF, then L2 normalisation.</summary>
    public static SparseVector TfIdf(Dictionary<int, int> counts, float[] idf)
    {
        var indices = new int[counts.Count];
        var values = new float[counts.Count];
        var i = 0;
        var norm = 0.0;
        foreach (var (index, count) in counts)
        {
            indices[i] = index;
            values[i] = (float)((1 + Math.Log(count)) * idf[index]);
            norm += values[i] * values[i];
            i++;
        }

        if (norm > 0)
        {
            var scale = (float)(1 / Math.Sqrt(norm));
            for (var j = 0; j < values.Length; j++)
            {
                values[j] *= scale;
            }
        }

        return new SparseVector(indices, values);
    }
}
