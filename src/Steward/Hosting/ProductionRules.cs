using Microsoft.Extensions.Options;
using Steward.Security;

namespace Steward.Hosting;

/// <summary>
/// What <c>ENVIRONMENT=production</c> refuses to start with. Checked at start-up through options validation, and by
/// <c>steward doctor</c>, so both say the same thing.
/// </summary>
internal sealed class ProductionRules(IOptions<ServerOptions> server) : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        var problems = Check(server.Value, options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    public static List<string> Check(ServerOptions server, SecurityOptions security)
    {
        var problems = new List<string>();
        if (security.AllowedOrigins.Any(origin => origin.Trim() == "*") && server.IsProduction)
        {
            problems.Add("ALLOWED_ORIGINS contains '*': production needs an explicit list of origins.");
        }

        if (!server.IsProduction)
        {
            return problems;
        }

        if (string.IsNullOrWhiteSpace(security.SecretKey))
        {
            problems.Add($"SECRET_KEY is not set: production needs a random secret of at least {SecurityOptions.MinimumSecretKeyLength} characters.");
        }
        else if (security.SecretKey.Length < SecurityOptions.MinimumSecretKeyLength || LooksLikeAPlaceholder(security.SecretKey))
        {
            problems.Add($"SECRET_KEY is too short or a placeholder: production needs a random secret of at least {SecurityOptions.MinimumSecretKeyLength} characters.");
        }

        if (string.IsNullOrWhiteSpace(security.AdminPassword))
        {
            problems.Add("ADMIN_PASSWORD is not set: production needs the admin password chosen by you.");
        }
        else if (security.AdminPassword == SecurityOptions.DemoAdminPassword || security.AdminPassword.Length < 12)
        {
            problems.Add("ADMIN_PASSWORD is the demo password or shorter than 12 characters.");
        }

        return problems;
    }

    // The seeds' .env example ships this very value; a copy-pasted example is not a secret.
    private static bool LooksLikeAPlaceholder(string secret) =>
        secret.Contains("your-secret-key", StringComparison.OrdinalIgnoreCase) ||
        secret.Distinct().Count() < 8;
}
