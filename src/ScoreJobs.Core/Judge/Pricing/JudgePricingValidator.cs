using Microsoft.Extensions.Options;

namespace ScoreJobs.Judge.Pricing;

/// <summary>Checks the price table and currency at start, naming the setting; never repeats a value.</summary>
internal sealed class JudgePricingValidator : IValidateOptions<JudgeOptions>
{
    public ValidateOptionsResult Validate(string? name, JudgeOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Currency) || options.Currency.Trim().Length != 3 || !options.Currency.Trim().All(char.IsAsciiLetter))
        {
            failures.Add("ScoreJobs__Judge__Currency must be a three-letter ISO 4217 code such as USD, EUR or CNY");
        }

        if (options.DailyBudget < 0)
        {
            failures.Add("ScoreJobs__Judge__DailyBudget must be a spend of 0 or more per UTC day, in ScoreJobs__Judge__Currency (unset: no budget)");
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Prices.Count; i++)
        {
            var price = options.Prices[i];
            var setting = $"ScoreJobs__Judge__Prices__{i}";
            if (string.IsNullOrWhiteSpace(price.Model))
            {
                failures.Add($"{setting}__Model is required: the model or deployment name the prices are for");
            }
            else if (!seen.Add(price.Model.Trim()))
            {
                failures.Add($"{setting}__Model names a model already priced by an earlier entry");
            }

            if (price.InputPerMillion < 0 || price.OutputPerMillion < 0)
            {
                failures.Add($"{setting}__InputPerMillion and __OutputPerMillion must not be negative");
            }

            if (price.BatchDiscount is < 0 or > 1)
            {
                failures.Add($"{setting}__BatchDiscount must be between 0 and 1 (0.5 = half price)");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
