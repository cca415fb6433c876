namespace Steward.Storage;

public enum SqlDialect
{
    Sqlite,
    Postgres,
}
