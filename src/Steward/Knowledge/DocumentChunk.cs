namespace Steward.Knowledge;

/// <summary>The formats a knowledge-base document can be imported from.</summary>
public enum DocumentFormat
{
    Markdown,
    Text,
    Html,

    /// <summary>CSV with a header <c>question,answer[,category]</c>: one chunk per row.</summary>
    FaqCsv,
}

/// <summary>
/// A retrievable piece of a document: the heading path it sits under ("반품·교환 > 교환 기간") and its text. Headings stay
/// with their text so a search hit can be shown (and grounded) without the rest of the document.
/// </summary>
public sealed record DocumentChunk(string Heading, string Text);
