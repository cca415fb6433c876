using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Steward.Commerce.Sandbox;

/// <summary>
/// Reads a request's Cafe24 query parameters. A bad value never throws: the first one is kept in <see cref="Error"/>, which
/// the endpoint returns as Cafe24 does, a 422 naming the parameter.
/// </summary>
internal sealed class Cafe24Params(IQueryCollection query)
{
    /// <summary>Comma lists are OR filters of at most this many values.</summary>
    public const int MaxListValues = 100;

    public JsonHttpResult<Cafe24ErrorBody>? Error { get; private set; }

    public string? Text(string name) => query[name].ToString() is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    public int Int(string name, int fallback, int min, int max)
    {
        if (Text(name) is not { } text)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Fail($"{name} must be a whole number from {min} to {max}.");
        return fallback;
    }

    /// <summary>A comma list without empty entries; null when the parameter is absent.</summary>
    public IReadOnlyList<string>? List(string name)
    {
        if (Text(name) is not { } text)
        {
            return null;
        }

        var values = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        if (values.Count > MaxListValues)
        {
            Fail($"{name} takes at most {MaxListValues} comma-separated values.");
        }

        return values;
    }

    public IReadOnlyList<long>? Numbers(string name)
    {
        var values = List(name);
        var numbers = values?.Select(v => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 0).ToList();
        if (numbers is not null && numbers.Contains(0))
        {
            Fail($"{name} must be a comma list of positive whole numbers.");
        }

        return numbers;
    }

    /// <summary>
    /// yyyy-MM-dd (a whole day in Korea: its start, or with <paramref name="endOfDay"/> its last millisecond) or an ISO-8601
    /// time; a time without an offset is Korean time, as Cafe24 reads it.
    /// </summary>
    public DateTimeOffset? Date(string name, bool endOfDay)
    {
        if (Text(name) is not { } text)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var start = day.ToDateTime(TimeOnly.MinValue);
            var local = endOfDay ? start.AddDays(1).AddMilliseconds(-1) : start;
            return new DateTimeOffset(local, SandboxSeeder.Seoul.GetUtcOffset(local));
        }

        if (text.Contains('T') && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time))
        {
            return time.Kind == DateTimeKind.Unspecified
                ? new DateTimeOffset(time, SandboxSeeder.Seoul.GetUtcOffset(time))
                : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
        }

        Fail($"{name} must be a date (2026-03-01) or an ISO-8601 time (2026-03-01T09:00:00+09:00).");
        return null;
    }

    public void Fail(string message) => Error ??= Cafe24Format.Invalid(message);

    /// <summary>The JSON body as <typeparamref name="T"/>, or the 400 Cafe24 answers to a body that is not JSON.</summary>
    public static async Task<(T? Body, JsonHttpResult<Cafe24ErrorBody>? Error)> ReadBodyAsync<T>(HttpRequest request) where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, Cafe24Format.Error(StatusCodes.Status400BadRequest, "The Content-Type must be application/json."));
        }

        try
        {
            return (await JsonSerializer.DeserializeAsync<T>(request.Body, Cafe24Format.Json, request.HttpContext.RequestAborted), null);
        }
        catch (JsonException)
        {
            return (null, Cafe24Format.Error(StatusCodes.Status400BadRequest, "The request body is not valid JSON for this endpoint."));
        }
    }
}
