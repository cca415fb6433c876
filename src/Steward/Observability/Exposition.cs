using System.Globalization;
using System.Text;

namespace Steward.Observability;

/// <summary>Text exposition format 0.0.4 helpers: names, escaping, number formatting.</summary>
internal static class Exposition
{
    /// <summary>Replaces every character outside [a-zA-Z0-9_] with '_' and prefixes a leading digit with '_'.</summary>
    public static string SanitizeName(string name)
    {
        if (name.Length == 0)
        {
            return "_";
        }

        bool valid = !char.IsAsciiDigit(name[0]);
        foreach (char c in name)
        {
            if (!IsNameChar(c))
            {
                valid = false;
                break;
            }
        }

        if (valid)
        {
            return name;
        }

        var sb = new StringBuilder(name.Length + 1);
        if (char.IsAsciiDigit(name[0]))
        {
            sb.Append('_');
        }

        foreach (char c in name)
        {
            sb.Append(IsNameChar(c) ? c : '_');
        }

        return sb.ToString();

        static bool IsNameChar(char c) => char.IsAsciiLetter(c) || char.IsAsciiDigit(c) || c == '_';
    }

    public static string CounterName(string sanitized) =>
        sanitized.EndsWith("_total", StringComparison.Ordinal) ? sanitized : sanitized + "_total";

    /// <summary>
    /// Canonical label string <c>a="x",b="y"</c> (no braces): names sanitized, later duplicates win,
    /// null or empty values dropped (Prometheus treats an empty label as an absent one), sorted by name.
    /// </summary>
    public static string FormatLabels(ReadOnlySpan<KeyValuePair<string, object?>> tags, bool reserveLe)
    {
        if (tags.IsEmpty)
        {
            return string.Empty;
        }

        var labels = new List<(string Name, string Value)>(tags.Length);
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            string name = SanitizeName(tag.Key ?? string.Empty);
            if (reserveLe && name == "le")
            {
                name = "_le"; // "le" is the histogram bucket label
            }

            int existing = labels.FindIndex(l => l.Name == name);
            if (existing >= 0)
            {
                labels.RemoveAt(existing);
            }

            string? value = FormatLabelValue(tag.Value);
            if (!string.IsNullOrEmpty(value))
            {
                labels.Add((name, value));
            }
        }

        if (labels.Count == 0)
        {
            return string.Empty;
        }

        labels.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        var sb = new StringBuilder();
        foreach ((string name, string value) in labels)
        {
            if (sb.Length > 0)
            {
                sb.Append(',');
            }

            sb.Append(name).Append("=\"");
            foreach (char c in value)
            {
                switch (c)
                {
                    case '\\': sb.Append("\\\\"); break;
                    case '"': sb.Append("\\\""); break;
                    case '\n': sb.Append("\\n"); break;
                    default: sb.Append(c); break;
                }
            }

            sb.Append('"');
        }

        return sb.ToString();
    }

    public static string? FormatLabelValue(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        double d => FormatDouble(d),
        float f => float.IsFinite(f) ? f.ToString(CultureInfo.InvariantCulture) : FormatDouble(f),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    public static void AppendEscapedHelp(StringBuilder sb, string help)
    {
        foreach (char c in help)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                default: sb.Append(c); break;
            }
        }
    }

    public static void AppendSeriesName(StringBuilder sb, string name, string? suffix, string labels)
    {
        sb.Append(name).Append(suffix);
        if (labels.Length > 0)
        {
            sb.Append('{').Append(labels).Append('}');
        }

        sb.Append(' ');
    }

    public static void AppendDouble(StringBuilder sb, double value) => sb.Append(FormatDouble(value));

    public static string FormatDouble(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : value.ToString("R", CultureInfo.InvariantCulture);
}
