using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using Steward.Audit;
using Steward.Storage;
using Steward.Tools;

namespace Steward.Inquiries.Gates;

/// <summary>An org's gate settings and whether they are its own or the configured defaults.</summary>
public sealed record EffectivePartialAuto(PartialAutoSettings Settings, bool IsDefault, DateTimeOffset? UpdatedAt, string? UpdatedBy);

/// <summary>Per-org gate settings, changed at run time by admins; every change audited.</summary>
public sealed class PartialAutoSettingsStore(Database database, IOptions<PartialAutoSettings> defaults, AuditLog audit, TimeProvider time)
{
    public async Task<EffectivePartialAuto> GetAsync(string orgId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var stored = await connection.QuerySingleOrDefaultAsync<Row>(
            "SELECT settings, updated_at, updated_by FROM partial_auto_settings WHERE org_id = @orgId", new { orgId });
        return stored is not null
            ? new EffectivePartialAuto(JsonSerializer.Deserialize<PartialAutoSettings>(stored.Settings, ToolResult.Json)!, false, stored.UpdatedAt, stored.UpdatedBy)
            : new EffectivePartialAuto(defaults.Value.Copy(), true, null, null);
    }

    /// <summary>Problems with the settings, by field; empty when they are valid.</summary>
    public static Dictionary<string, string[]> Validate(PartialAutoSettings settings)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(settings, new ValidationContext(settings), results, validateAllProperties: true);
        var problems = results.ToDictionary(r => JsonNamingPolicy.SnakeCaseLower.ConvertName(r.MemberNames.FirstOrDefault() ?? "settings"), r => new[] { r.ErrorMessage ?? "Invalid." });
        if (results.Count == 0 && string.CompareOrdinal(settings.BusinessHoursStart, settings.BusinessHoursEnd) >= 0)
        {
            problems["business_hours_end"] = ["Must be after business_hours_start."];
        }

        return problems;
    }

    public async Task SetAsync(string orgId, PartialAutoSettings settings, AuditActor actor, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(settings, ToolResult.Json);
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO partial_auto_settings (org_id, settings, updated_at, updated_by) VALUES (@orgId, @json, @now, @by)
                ON CONFLICT (org_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at, updated_by = excluded.updated_by
                """,
                new { orgId, json, now = time.GetUtcNow(), by = $"{actor.Type}:{actor.Id}" });
        }

        await audit.WriteAsync(new AuditEntry(orgId, actor, "partial_auto.settings.set", "success", null, new Dictionary<string, string?> { ["settings"] = json }),
            cancellationToken);
    }

    private sealed record Row(string Settings, DateTimeOffset UpdatedAt, string? UpdatedBy);

    /// <summary>Back to the configured defaults.</summary>
    public async Task ResetAsync(string orgId, AuditActor actor, CancellationToken cancellationToken)
    {
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            await connection.ExecuteAsync("DELETE FROM partial_auto_settings WHERE org_id = @orgId", new { orgId });
        }

        await audit.WriteAsync(new AuditEntry(orgId, actor, "partial_auto.settings.reset", "success"), cancellationToken);
    }
}
