namespace Steward.Security;

/// <summary>Secrets, origins and limits (<c>SECRET_KEY</c>, <c>ALLOWED_ORIGINS</c>, <c>ADMIN_PASSWORD</c>).</summary>
public sealed class SecurityOptions
{
    public const string Section = "Steward:Security";
    public const int MinimumSecretKeyLength = 32;

    /// <summary>The demo admin's password. Production refuses to start while any admin still has it.</summary>
    public const string DemoAdminPassword = "steward-demo";

    /// <summary>Server secret (<c>SECRET_KEY</c>), at least 32 characters in production. Derives the key that encrypts data-protection keys at rest.</summary>
    public string? SecretKey { get; set; }

    /// <summary>Origins allowed by CORS (<c>ALLOWED_ORIGINS</c>, comma-separated). Empty: no cross-origin calls.</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Password of the admin user created by <c>steward init</c> (<c>ADMIN_PASSWORD</c>). Required in production.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>Largest request body accepted, in bytes. Default 1 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How long an admin UI session lasts without activity.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);
}
