using System.Text;
using System.Text.RegularExpressions;
using Steward.Responders;

namespace Steward.Conversations;

/// <summary>
/// The grounding policy every draft passes: an answer that claims to be grounded must cite evidence the turn really
/// has, and — for a generated (non-template) draft — every number it states (order numbers, amounts, dates, tracking
/// numbers) must appear in that evidence or in the customer's own message. Otherwise the draft is refused.
/// </summary>
public static partial class GroundingCheck
{
    public static bool Passes(ResponderDraft draft, TurnContext context, bool generated)
    {
        if (!draft.Grounded)
        {
            return true;
        }

        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var outcome in context.ToolResults.Concat(draft.ToolCalls).Where(EmbeddedResponder.IsEvidence))
        {
            known.Add($"tool:{outcome.CallId}");
        }

        foreach (var passage in context.Passages)
        {
            known.Add($"kb:{passage.ChunkId}");
        }

        if (draft.DataBasis.Count == 0 || !draft.DataBasis.All(known.Contains))
        {
            return false;
        }

        return !generated || NumbersAreSupported(draft.Answer, Evidence(draft, context));
    }

    private static string Evidence(ResponderDraft draft, TurnContext context)
    {
        var evidence = new StringBuilder(context.Text);
        foreach (var outcome in context.ToolResults.Concat(draft.ToolCalls))
        {
            evidence.Append(' ').Append(outcome.Result.Data?.GetRawText()).Append(' ').Append(outcome.Result.Error?.Message);
        }

        foreach (var passage in context.Passages)
        {
            evidence.Append(' ').Append(passage.Snippet);
        }

        var today = TimeZoneInfo.ConvertTime(context.Now, context.TimeZone);
        evidence.Append(' ').Append(today.ToString("yyyy-MM-dd yyyy MM dd", System.Globalization.CultureInfo.InvariantCulture));
        return evidence.ToString().Replace(",", "", StringComparison.Ordinal);
    }

    private static bool NumbersAreSupported(string answer, string evidence)
    {
        foreach (Match number in Number().Matches(answer.Replace(",", "", StringComparison.Ordinal)))
        {
            var digits = number.Value.TrimStart('0');
            // Substring evidence is a guard against invented figures, not a proof: "3000" is supported by "30000".
            if (digits.Length >= 2 && !evidence.Contains(number.Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex(@"\d{2,}(?:-\d+)*")]
    private static partial Regex Number();
}
