
namespace ScoreJobs.Judge.Pricing;

/// <summary>Turns a call's tokens into money from <see cref="JudgeOptions.Prices"/>. Cached replies cost nothing.</summary>
internal sealed class JudgePriceTable
{
    private const decimal Million = 1_000_000m;
    private readonly Dictionary<string, ModelPrice> _prices;
    private readonly string _currency;

    public JudgePriceTable(JudgeOptions options)
    {
        _prices = options.Prices.Where(p => !string.IsNullOrWhiteSpace(p.Model))
            .GroupBy(p => p.Model!.Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Last(), StringComparer.OrdinalIgnoreCase);
        _currency = options.Currency.Trim().ToUpperInvariant();
    }

    /// <summary>
    /// <paramref name="usage"/> with its cost, when a price table is configured: paid tokens at the model's price,
    /// nothing for cache hits. A model missing from the table leaves the cost unknown (null), never 0.
    /// </summary>
    public TokenUsage Price(string model, TokenUsage usage, bool batch = false)
    {
        if (_prices.Count == 0) return usage;
        if (!_prices.TryGetValue(model, out var price))
        {
            return usage.TotalTokens == 0
                ? usage with { Cost = 0, Currency = _currency }
                : usage with { Cost = null, Currency = _currency, Unpriced = true };
        }

        var cost = (usage.PromptTokens * price.InputPerMillion + usage.CompletionTokens * price.OutputPerMillion) / Million;
        if (batch) cost *= 1 - price.BatchDiscount;
        return usage with { Cost = cost, Currency = _currency };
    }
}
