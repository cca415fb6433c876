using System.Data;
using Dapper;

namespace Steward.Storage;

/// <summary>
/// Timestamps are stored as UTC epoch milliseconds (BIGINT) in both dialects: one representation that sorts,
/// compares and round-trips identically on SQLite and PostgreSQL. This maps them to <see cref="DateTimeOffset"/>.
/// </summary>
internal static class DapperSetup
{
    private static int _configured;

    public static void EnsureConfigured()
    {
        if (Interlocked.Exchange(ref _configured, 1) == 1)
        {
            return;
        }

        // Dapper maps DateTimeOffset natively; the built-in mapping has to go before a handler can take over.
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
        SqlMapper.AddTypeHandler(new EpochMillisecondsHandler());
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    private sealed class EpochMillisecondsHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            parameter.DbType = DbType.Int64;
            parameter.Value = value.ToUnixTimeMilliseconds();
        }

        public override DateTimeOffset Parse(object value) =>
            DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
    }
}
