namespace Steward.Security;

/// <summary>
/// The four roles and the authorization policies built on them. Policies nest: an admin may do what an agent may,
/// an agent what a viewer may; <c>service</c> is for machine callers (connectors, cron) and admins.
/// </summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Agent = "agent";
    public const string Viewer = "viewer";
    public const string Service = "service";

    public static readonly IReadOnlyList<string> All = [Admin, Agent, Viewer, Service];

    public static bool IsValid(string? role) => role is not null && All.Contains(role);
}

/// <summary>Names of the authorization policies every endpoint chooses from.</summary>
public static class Policies
{
    public const string Admin = "admin";
    public const string Agent = "agent";
    public const string Viewer = "viewer";
    public const string Service = "service";

    public static readonly IReadOnlyDictionary<string, string[]> RolesByPolicy = new Dictionary<string, string[]>
    {
        [Admin] = [Roles.Admin],
        [Agent] = [Roles.Admin, Roles.Agent],
        [Viewer] = [Roles.Admin, Roles.Agent, Roles.Viewer],
        [Service] = [Roles.Admin, Roles.Service],
    };
}
