using System.ComponentModel.DataAnnotations;

namespace Steward.Hosting;

/// <summary>Where and how the server runs (<c>HOST</c>, <c>PORT</c>, <c>ENVIRONMENT</c>).</summary>
public sealed class ServerOptions : IValidatableObject
{
    public const string Section = "Steward:Server";

    /// <summary>Interface to listen on. Default 127.0.0.1; use 0.0.0.0 to accept other machines.</summary>
    [Required]
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>TCP port. Default 8000.</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 8000;

    /// <summary><c>development</c> (default) or <c>production</c>, which enforces the production rules at start-up.</summary>
    [Required]
    public string Environment { get; set; } = "development";

    /// <summary>
    /// Reverse proxies whose <c>X-Forwarded-For</c>/<c>X-Forwarded-Proto</c> Steward believes: IP addresses or CIDR
    /// networks (<c>10.0.0.0/8</c>). Empty (default): the headers are ignored and the client IP is the socket's.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>Create the demo org, its admin and demo data on first start. Default true outside production.</summary>
    public bool? Demo { get; set; }

    public bool IsProduction => string.Equals(Environment, "production", StringComparison.OrdinalIgnoreCase);

    public bool DemoEnabled => Demo ?? !IsProduction;

    public static string Version { get; } =
        typeof(ServerOptions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in TrustedProxies.Where(proxy => !string.IsNullOrWhiteSpace(proxy)))
        {
            if (!System.Net.IPNetwork.TryParse(proxy.Contains('/') ? proxy : $"{proxy}/{(proxy.Contains(':') ? 128 : 32)}", out _))
            {
                yield return new ValidationResult($"Steward:Server:TrustedProxies: '{proxy}' is not an IP address or CIDR network.", [nameof(TrustedProxies)]);
            }
        }
    }
}
