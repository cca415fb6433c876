namespace Steward.Security;

/// <summary>
/// Configuration for <see cref="PiiMasker"/>, bound from the <c>Steward:Pii</c> configuration section.
/// </summary>
public sealed class PiiMaskingOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string Section = "Steward:Pii";

    /// <summary>The default of <see cref="EmployeeIdPattern"/>.</summary>
    /// <remarks>
    /// The token boundary before <c>EMP</c> is a lookbehind placed after the literal, so that the regex engine can
    /// search for the literal prefixes (<c>EMP</c>, 사번, ...) instead of trying every letter of a log line.
    /// </remarks>
    internal const string DefaultEmployeeIdPattern =
        @"(?i)EMP(?<![A-Z0-9]EMP)[-_]?[A-Z]?[0-9]{4,10}(?![A-Z0-9])"
        + @"|(?:사번|사원번호|직원번호)[ \t]*[:：#]?[ \t]*(?<id>[A-Z]?[0-9]{4,10})(?![A-Z0-9])";

    /// <summary>
    /// The .NET regular expression that finds employee ids, which are replaced with <c>[EMPLOYEE_ID]</c>.
    /// An empty (or whitespace-only) value disables employee-id masking.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The default is case-insensitive (inline <c>(?i)</c>) and matches <c>EMP-12345</c>, <c>emp12345</c> and
    /// <c>EMP_A1234</c> as whole tokens, and an optional letter plus 4–10 digits after the labels 사번, 사원번호 or
    /// 직원번호, optionally followed by <c>:</c>, <c>：</c> or <c>#</c>: <c>사번 123456</c>, <c>사번: A123456</c>,
    /// <c>사번123456</c>. The label is kept: <c>사번: [EMPLOYEE_ID]</c>.
    /// </para>
    /// <para>
    /// If the pattern has a group named <c>id</c> and that group took part in a match, only the group is replaced;
    /// otherwise the whole match is. Zero-length matches are ignored. A custom pattern carries its own inline
    /// options; it is compiled with <see cref="System.Text.RegularExpressions.RegexOptions.CultureInvariant"/> only.
    /// </para>
    /// <para>
    /// Employee ids must contain an ASCII digit: text with no digit and no <c>@</c> is returned by a fast path that
    /// never runs this pattern. The pattern runs with a 100 ms match timeout; on a timeout
    /// <see cref="PiiMasker.Mask"/> fails closed and returns <c>[REDACTED]</c> instead of the text. An invalid
    /// pattern makes the <see cref="PiiMasker"/> constructor throw <see cref="ArgumentException"/>.
    /// </para>
    /// </remarks>
    public string EmployeeIdPattern { get; set; } = DefaultEmployeeIdPattern;
}
