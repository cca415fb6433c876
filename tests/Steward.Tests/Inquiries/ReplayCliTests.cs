using System.Text.Json;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Inquiries;

/// <summary><c>steward replay</c> through the real executable, with the seed's environment names.</summary>
public class ReplayCliTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("steward-replay-").FullName;
    private string _csv = "";

    public async Task InitializeAsync()
    {
        var init = await Fixtures.Cli.RunAsync(new Dictionary<string, string> { ["STEWARD_DATA_DIR"] = _folder }, "init", "--demo", "--json");
        Assert.Equal(0, init.ExitCode);
        _csv = Path.Combine(_folder, "inquiries.csv");
        await File.WriteAllTextAsync(_csv, """
            market_code,account_id,market_inquiry_id,text
            COUPANG,acc-main,q-1,반품은 며칠 안에 신청해야 하나요?
            COUPANG,acc-main,q-2,에어프라이어 세척 방법 알려주세요
            SMARTSTORE,acc-2,q-3,"상품이 불량인데 소비자원에 신고하겠습니다"
            COUPANG,acc-main,q-4,내일 서울 날씨 어때요?
            """);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private async Task<JsonElement> ReplayAsync(Dictionary<string, string> environment, string at = "2026-03-02T10:00:00+09:00")
    {
        environment["STEWARD_DATA_DIR"] = _folder;
        var result = await Fixtures.Cli.RunAsync(environment, "replay", "--org", "demo", "--file", _csv, "--at", at, "--json");
        Assert.True(result.ExitCode == 0, result.StdErr);
        return JsonDocument.Parse(result.StdOut).RootElement.Clone();
    }

    [Fact]
    public async Task The_seeds_phase_one_sends_nothing_and_escalates_the_consumer_agency_threat()
    {
        var report = await ReplayAsync(new() { ["ENABLE_CS_PARTIAL_AUTO"] = "true", ["CS_TEST_MODE"] = "true", ["CS_TEST_MODE_ALLOWED_ACCOUNTS"] = "", ["CS_TEST_MODE_ALLOWED_MARKETS"] = "" });

        Assert.Equal(4, report.GetProperty("total").GetInt32());
        var decisions = report.GetProperty("decisions");
        Assert.Equal(0, decisions.GetProperty("AUTO_SEND").GetInt32());
        Assert.Equal(1, decisions.GetProperty("ESCALATED").GetInt32());
        Assert.Equal(3, decisions.GetProperty("AI_DRAFTED").GetInt32());
        Assert.Equal(3, report.GetProperty("reasons").GetProperty("test_mode_blocked").GetInt32());
        Assert.Equal("q-3", report.GetProperty("escalations")[0].GetProperty("market_inquiry_id").GetString());
    }

    [Fact]
    public async Task Unlocked_for_one_account_grounded_answers_in_business_hours_would_be_sent_and_nothing_at_night()
    {
        var unlocked = new Dictionary<string, string>
        {
            ["ENABLE_CS_PARTIAL_AUTO"] = "true", ["CS_TEST_MODE"] = "true", ["CS_TEST_MODE_ALLOWED_ACCOUNTS"] = "acc-main, acc-2", ["CS_TEST_MODE_ALLOWED_MARKETS"] = "COUPANG",
        };
        var day = await ReplayAsync(new(unlocked));
        Assert.True(day.GetProperty("decisions").GetProperty("AUTO_SEND").GetInt32() >= 1);
        Assert.Equal(1, day.GetProperty("reasons").GetProperty("not_grounded").GetInt32());
        Assert.True(day.GetProperty("would_auto_send_rate").GetDouble() > 0);

        var night = await ReplayAsync(new(unlocked), "2026-03-02T18:00:00+09:00");
        Assert.Equal(0, night.GetProperty("decisions").GetProperty("AUTO_SEND").GetInt32());
        Assert.True(night.GetProperty("reasons").GetProperty("outside_business_hours").GetInt32() >= 2);
    }

    [Fact]
    public async Task A_bad_file_or_time_is_a_readable_error()
    {
        var badTime = await Fixtures.Cli.RunAsync(new Dictionary<string, string> { ["STEWARD_DATA_DIR"] = _folder }, "replay", "--org", "demo", "--file", _csv, "--at", "monday");
        Assert.Equal(1, badTime.ExitCode);
        Assert.Contains("--at", badTime.StdErr);
        var missing = await Fixtures.Cli.RunAsync(new Dictionary<string, string> { ["STEWARD_DATA_DIR"] = _folder }, "replay", "--org", "demo", "--file", "/nope.csv");
        Assert.Equal(1, missing.ExitCode);
        var noOrg = await Fixtures.Cli.RunAsync(new Dictionary<string, string> { ["STEWARD_DATA_DIR"] = _folder }, "replay", "--org", "ghost", "--file", _csv);
        Assert.Equal(1, noOrg.ExitCode);
        Assert.Contains("ghost", noOrg.StdErr);
    }
}
