using System.ComponentModel.DataAnnotations;

namespace Steward.Conversations;

public sealed class ConversationOptions
{
    public const string Section = "Steward:Conversations";

    /// <summary>The least BM25 score a knowledge-base passage needs to count as evidence for an answer.</summary>
    [Range(0.0, 1000.0)]
    public double MinKbScore { get; set; } = 4.0;

    /// <summary>How many passages a turn retrieves at most.</summary>
    [Range(1, 10)]
    public int KbPassages { get; set; } = 3;

    /// <summary>Below this confidence the message is treated as out of scope (unless it fills a slot the session asked for).</summary>
    [Range(0.0, 1.0)]
    public double MinIntentConfidence { get; set; } = 0.3;

    /// <summary><c>embedded</c> (default, offline) or <c>llm</c> (needs a configured provider; falls back to embedded).</summary>
    [RegularExpression("^(embedded|llm)$")]
    public string Responder { get; set; } = "embedded";

    /// <summary>The longest message a channel accepts.</summary>
    [Range(1, 10_000)]
    public int MaxMessageLength { get; set; } = 500;
}
