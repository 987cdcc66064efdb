using ScoreJobs.Metrics;

namespace ScoreJobs.Judge.Pricing;

public sealed class JudgePriceTableTests
{
    [Fact]
    public void Price_PricedModel_TokensAtItsPrices()
    {
        var sut = CreateSut();

        var usage = sut.Price("GPT-4.1-mini", new TokenUsage(1, 1_000, 500));

        Assert.Equal(0.0004m + 0.0008m, usage.Cost);
        Assert.Equal("USD", usage.Currency);
    }

    [Fact]
    public void Price_Batch_TakesTheDiscountOff()
    {
        var sut = CreateSut();

        Assert.Equal(0.0006m, sut.Price("gpt-4.1-mini", new TokenUsage(1, 1_000, 500), batch: true).Cost);
    }

    [Fact]
    public void Price_CacheHit_CostsNothing()
    {
        var sut = CreateSut();

        Assert.Equal(0m, sut.Price("gpt-4.1-mini", new TokenUsage(0, 0, 0) { CacheHits = 1 }).Cost);
    }

    [Fact]
    public void Price_ModelWithoutPrice_CostUnknownAndStaysUnknownInSums()
    {
        var sut = CreateSut();

        var unknown = sut.Price("other-model", new TokenUsage(1, 100, 10));
        var sum = unknown + sut.Price("gpt-4.1-mini", new TokenUsage(1, 1_000, 500));

        Assert.Null(unknown.Cost);
        Assert.Null(sum.Cost);
        Assert.Equal("USD", sum.Currency);
    }

    [Fact]
    public void Price_NoTable_NoCostAtAll()
    {
        var usage = new JudgePriceTable(new JudgeOptions()).Price("gpt-4.1-mini", new TokenUsage(1, 1_000, 500));

        Assert.Null(usage.Cost);
        Assert.Null(usage.Currency);
    }

    [Fact]
    public void Add_PricedUsages_SumsCostAndCacheHits()
    {
        var sut = CreateSut();

        var sum = sut.Price("gpt-4.1-mini", new TokenUsage(2, 2_000, 0)) + sut.Price("gpt-4.1-mini", new TokenUsage(0, 0, 0) { CacheHits = 3 });

        Assert.Equal(0.0008m, sum.Cost);
        Assert.Equal((2, 3), (sum.JudgeCalls, sum.CacheHits));
    }

    private static JudgePriceTable CreateSut() => new(new JudgeOptions
    {
        Prices = [new ModelPrice { Model = "gpt-4.1-mini", InputPerMillion = 0.40m, OutputPerMillion = 1.60m, BatchDiscount = 0.5m }],
    });
}
