using Microsoft.Extensions.Options;

namespace Steward.Hosting;

/// <summary>Builds the web server. <c>steward serve</c>, the tests and the benchmarks all start Steward through here.</summary>
public static class StewardWebApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, Action<WebApplication>? mapExtra = null)
    {
        // ASP.NET Core's own environment stays "Production" whatever the machine says: Steward's ENVIRONMENT setting
        // drives its behaviour, and the developer exception page (which shows stack traces) can never switch on.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, EnvironmentName = Environments.Production });
        builder.AddStewardWeb();
        configure?.Invoke(builder);
        var app = builder.Build();
        var server = app.Services.GetRequiredService<IOptions<ServerOptions>>().Value;
        if (app.Urls.Count == 0 && string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            app.Urls.Add($"http://{server.Host}:{server.Port}");
        }

        mapExtra?.Invoke(app);
        app.UseSteward();
        return app;
    }
}
