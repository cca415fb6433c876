using System.Text;
using Steward.Conversations;
using Steward.Tools;

namespace Steward.Responders;

/// <summary>
/// The default responder: offline, per-intent sentences in Korean or English filled only from the turn's tool results
/// and knowledge-base passages. Every sentence it writes comes from evidence, so it is grounded by construction; with
/// no evidence it says so and asks for what is missing.
/// </summary>
public sealed class EmbeddedResponder : IResponder
{
    public const string ResponderName = "embedded";

    public string Name => ResponderName;

    public string Version => "1";

    public Task<ResponderDraft> DraftAsync(TurnContext context, CancellationToken cancellationToken)
    {
        var phrases = new EmbeddedPhrases(context.Language, context.TimeZone);
        var answer = new StringBuilder();
        var basis = new List<string>();
        foreach (var outcome in context.ToolResults)
        {
            var sentence = outcome.Result.IsError
                ? phrases.Failure(outcome)
                : phrases.Success(outcome.Tool, outcome.Result.Data!.Value);
            if (sentence is null)
            {
                continue;
            }

            Append(answer, sentence);
            if (IsEvidence(outcome))
            {
                basis.Add($"tool:{outcome.CallId}");
            }
        }

        foreach (var passage in context.Passages.Take(answer.Length == 0 && !context.Slots.ContainsKey(SlotFilling.Missing) ? 2 : 1))
        {
            Append(answer, phrases.Passage(passage));
            basis.Add($"kb:{passage.ChunkId}");
        }

        if (context.Slots.TryGetValue(SlotFilling.Missing, out var missing))
        {
            Append(answer, phrases.AskFor(missing));
        }

        var grounded = basis.Count > 0;
        if (!grounded)
        {
            answer.Clear();
            Append(answer, phrases.CannotAnswer(context.Intent));
            if (missing is not null)
            {
                Append(answer, phrases.AskFor(missing));
            }
        }

        return Task.FromResult(new ResponderDraft(answer.ToString(), grounded, basis, [], null, null));
    }

    /// <summary>What the shop's data said, found or not ("no such order" is an answer too); not a blocked or broken call.</summary>
    public static bool IsEvidence(ToolCallOutcome outcome) =>
        outcome.Decision is ToolDecision.Allowed or ToolDecision.Approved &&
        outcome.Result.Error?.Code is null or not (ToolErrorCodes.Internal or ToolErrorCodes.InvalidArguments);

    private static void Append(StringBuilder answer, string sentence)
    {
        if (answer.Length > 0)
        {
            answer.Append(' ');
        }

        answer.Append(sentence);
    }
}
