using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Steward.Conversations.Sessions;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Conversations;

public class SessionOptionsTests
{
    [Fact]
    public async Task The_defaults_are_a_day_ten_turns_and_a_hundred_thousand_cached_sessions()
    {
        await using var storage = await Backends.CreateAsync(Backends.Sqlite);
        using var host = Services.Build(storage);
        var options = host.Services.GetRequiredService<IOptions<ConversationSessionOptions>>().Value;
        Assert.Equal((TimeSpan.FromHours(24), 10, 100_000, TimeSpan.FromMinutes(10)),
            (options.Ttl, options.MaxTurnsInContext, options.CacheCapacity, options.CleanupInterval));
    }

    [Theory]
    [InlineData("Ttl", "00:00:10")]
    [InlineData("MaxTurnsInContext", "0")]
    [InlineData("CacheCapacity", "0")]
    [InlineData("CleanupInterval", "2.00:00:00")]
    public async Task A_value_out_of_range_stops_the_start_naming_the_setting(string name, string value)
    {
        await using var storage = await Backends.CreateAsync(Backends.Sqlite);
        using var host = Services.Build(storage, new Dictionary<string, string?> { [$"Steward:Sessions:{name}"] = value });
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(name, error.Message);
    }
}
