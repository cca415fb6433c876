using System.Reflection;

namespace Steward.Storage;

/// <summary>One versioned SQL script, embedded in the executable as <c>Storage/Migrations/{dialect}/NNNN_name.sql</c>.</summary>
public sealed record Migration(int Version, string Name, string Sql)
{
    public static IReadOnlyList<Migration> For(SqlDialect dialect)
    {
        var folder = dialect == SqlDialect.Sqlite ? "sqlite" : "postgres";
        var prefix = $"Steward.Storage.Migrations.{folder}.";
        var assembly = Assembly.GetExecutingAssembly();
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name =>
            {
                var file = name[prefix.Length..^".sql".Length];
                var separator = file.IndexOf('_');
                using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
                return new Migration(int.Parse(file[..separator], System.Globalization.CultureInfo.InvariantCulture), file[(separator + 1)..], reader.ReadToEnd());
            })
            .OrderBy(m => m.Version)
            .ToList();
    }
}
