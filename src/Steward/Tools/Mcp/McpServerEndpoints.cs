using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Steward.Audit;
using Steward.Security;

namespace Steward.Tools.Mcp;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record McpServerBody(string? Name, string? Transport, string? Command, List<string>? Args, string? Url, string? BearerToken);

public sealed record McpServerView(
    string Name, McpTransport Transport, string? Command, IReadOnlyList<string> Args, string? Url, bool HasToken, DateTimeOffset CreatedAt, string? CreatedBy)
{
    public static McpServerView From(McpServerRegistration server) => new(
        server.Name, server.Transport, server.Command, server.Arguments, server.Url?.ToString(), server.HasToken, server.CreatedAt, server.CreatedBy);
}

/// <summary>
/// The org's external MCP servers, for admins. Their tools join the registry as <c>{server}__{tool}</c>, disabled until
/// a policy enables them. The bearer token is write-only: stored sealed, never returned.
/// </summary>
public static partial class McpServerEndpoints
{
    public static IEndpointRouteBuilder MapMcpServerEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/mcp/servers").WithTags("mcp").RequireAuthorization(Policies.Admin);
        group.MapGet("", ListAsync);
        group.MapPost("", AddAsync);
        group.MapDelete("/{name}", DeleteAsync);
        return app;
    }

    public static async Task<Ok<McpServerView[]>> ListAsync(HttpContext context, McpServerStore servers) =>
        TypedResults.Ok((await servers.ListAsync(context.User.GetCaller().OrgId, context.RequestAborted)).Select(McpServerView.From).ToArray());

    public static async Task<Results<Created<McpServerView>, ValidationProblem, Conflict<ProblemDetails>>> AddAsync(
        McpServerBody body, HttpContext context, McpServerStore servers, IOptions<McpOptions> options)
    {
        var errors = Validate(body, options.Value, out var transport, out var url);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var orgId = context.User.GetCaller().OrgId;
        var added = await servers.AddAsync(orgId, body.Name!, transport, body.Command, body.Args ?? [], url, body.BearerToken, AuditActor.From(context),
            context.RequestAborted);
        return added is null
            ? TypedResults.Conflict(new ProblemDetails { Status = 409, Title = "Name taken", Detail = $"This org already has an MCP server named '{body.Name}'." })
            : TypedResults.Created($"/api/mcp/servers/{added.Name}", McpServerView.From(added));
    }

    public static async Task<Results<NoContent, NotFound<ProblemDetails>>> DeleteAsync(string name, HttpContext context, McpServerStore servers) =>
        await servers.DeleteAsync(context.User.GetCaller().OrgId, name, AuditActor.From(context), context.RequestAborted)
            ? TypedResults.NoContent()
            : TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Not found", Detail = $"This org has no MCP server named '{name}'." });

    private static Dictionary<string, string[]> Validate(McpServerBody body, McpOptions options, out McpTransport transport, out Uri? url)
    {
        var errors = new Dictionary<string, string[]>();
        url = null;
        if (body.Name is null || !NamePattern().IsMatch(body.Name) || body.Name.Contains("__", StringComparison.Ordinal))
        {
            errors["name"] = ["1 to 32 of a-z, 0-9, '_' and '-', without '__' (it separates the server from the tool in tool names)."];
        }

        transport = body.Transport == "stdio" ? McpTransport.Stdio : McpTransport.Http;
        if (body.Transport is not ("stdio" or "http"))
        {
            errors["transport"] = ["'stdio' or 'http'."];
            return errors;
        }

        if (transport == McpTransport.Http)
        {
            if (body.Command is not null || body.Args is not null) errors["command"] = ["Only for stdio servers."];
            if (!Uri.TryCreate(body.Url, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https") || url.UserInfo.Length > 0 || body.Url!.Length > 2000)
            {
                errors["url"] = ["An absolute http(s) URL of at most 2,000 characters, without a user name or password (use bearer_token)."];
            }
            else if (body.BearerToken is not null && url.Scheme == "http" && !url.IsLoopback)
            {
                errors["url"] = ["A bearer token is only sent over https (or plain http to this machine)."];
            }

            if (body.BearerToken is { } token && (token.Length is 0 or > 4096 || token.Any(char.IsControl)))
            {
                errors["bearer_token"] = ["1 to 4,096 characters, no control characters."];
            }

            return errors;
        }

        if (body.Url is not null || body.BearerToken is not null) errors["url"] = ["Only for http servers."];
        if (string.IsNullOrWhiteSpace(body.Command) || !options.AllowedStdioCommands.Contains(body.Command, StringComparer.Ordinal))
        {
            errors["command"] = [options.AllowedStdioCommands.Count == 0
                ? "This Steward runs no commands for MCP servers; its operator can allow some with Steward:Mcp:AllowedStdioCommands."
                : $"One of the commands this Steward allows: {string.Join(", ", options.AllowedStdioCommands)}."];
        }

        if (body.Args is { } args && (args.Count > 32 || args.Any(arg => arg is null || arg.Length > 1000)))
        {
            errors["args"] = ["At most 32 arguments of at most 1,000 characters each."];
        }

        return errors;
    }

    [GeneratedRegex("^[a-z0-9_-]{1,32}$")]
    private static partial Regex NamePattern();
}
