using System.ComponentModel.DataAnnotations;

namespace Steward.Storage;

/// <summary>Where Steward keeps its data.</summary>
public sealed class StorageOptions
{
    public const string Section = "Steward:Storage";

    /// <summary>Folder for the SQLite database, backups and local state (<c>STEWARD_DATA_DIR</c>). Default <c>./data</c>.</summary>
    [Required]
    public string DataDir { get; set; } = "data";

    /// <summary>
    /// PostgreSQL connection (<c>ConnectionStrings:Steward</c> or <c>STEWARD_DATABASE_URL</c>): a <c>postgres://</c> URL or an
    /// Npgsql connection string. Empty means SQLite at <c>{DataDir}/steward.db</c>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations when the server starts. Default true.</summary>
    public bool AutoMigrate { get; set; } = true;

    public string SqlitePath => Path.GetFullPath(Path.Combine(DataDir, "steward.db"));
}
