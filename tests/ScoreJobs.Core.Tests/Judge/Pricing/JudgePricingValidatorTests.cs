using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ScoreJobs.Hosting;

namespace ScoreJobs.Judge.Pricing;

/// <summary>The price table as settings give it, checked at start.</summary>
public sealed class JudgePricingValidatorTests
{
    [Fact]
    public void Options_PriceRowsInEnvironmentStyle_BindToTheTable()
    {
        var options = Resolve(new()
        {
            ["ScoreJobs:Judge:Prices:0:Model"] = "gpt-4.1-mini",
            ["ScoreJobs:Judge:Prices:0:InputPerMillion"] = "0.40",
            ["ScoreJobs:Judge:Prices:0:OutputPerMillion"] = "1.60",
            ["ScoreJobs:Judge:Currency"] = "EUR",
        });

        var price = Assert.Single(options.Prices);
        Assert.Equal(("gpt-4.1-mini", 0.40m, 1.60m, 0m), (price.Model, price.InputPerMillion, price.OutputPerMillion, price.BatchDiscount));
        Assert.Equal("EUR", options.Currency);
    }

    [Fact]
    public void Options_ValidTable_Starts() =>
        Assert.Equal(2, Resolve(new() { ["ScoreJobs:Judge:Prices:0:Model"] = "a", ["ScoreJobs:Judge:Prices:1:Model"] = "b" }).Prices.Count);

    [Theory]
    [InlineData("ScoreJobs:Judge:Prices:0:InputPerMillion", "-1", "ScoreJobs__Judge__Prices__0__InputPerMillion")]
    [InlineData("ScoreJobs:Judge:Prices:0:BatchDiscount", "1.5", "ScoreJobs__Judge__Prices__0__BatchDiscount")]
    [InlineData("ScoreJobs:Judge:Prices:1:Model", "GPT-4.1-MINI", "ScoreJobs__Judge__Prices__1__Model")]
    [InlineData("ScoreJobs:Judge:Currency", "dollars", "ScoreJobs__Judge__Currency")]
    [InlineData("ScoreJobs:Judge:CacheTtlHours", "-1", "ScoreJobs__Judge__CacheTtlHours")]
    public void Options_BadSetting_FailsAtStartNamingIt(string key, string value, string named)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new()
        {
            ["ScoreJobs:Judge:Prices:0:Model"] = "gpt-4.1-mini",
            ["ScoreJobs:Judge:Prices:1:Model"] = "text-embedding-3-small",
            [key] = value,
        }));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    private static JudgeOptions Resolve(Dictionary<string, string?> settings)
    {
        settings["ScoreJobs:JobsDirectory"] = Path.Combine(Path.GetTempPath(), "scorejobs-tests", Guid.NewGuid().ToString("N"));
        settings["ScoreJobs:Judge:Endpoint"] = "http://127.0.0.1:9/v1";
        settings["ScoreJobs:Judge:Model"] = "gpt-4.1-mini";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection().AddLogging().AddScoreJobs(configuration).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<JudgeOptions>>().Value;
    }
}
