using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using ScoreJobs.Index;
using ScoreJobs.Metrics;
using ScoreJobs.Requests;
using ScoreJobs.Statistics;

namespace ScoreJobs.Http;

/// <summary><c>GET /api/score/agreement</c>, shared by every host: the list's filters plus metric, threshold and judge_model.</summary>
public sealed class AgreementHandlers(AgreementService agreement, MetricCatalog catalog)
{
    public async Task<Results<JsonHttpResult<AgreementReport>, ValidationProblem>> GetAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        var query = http.Query;
        // The list's own metric filter is this route's subject: the pairs already hold only jobs the judge scored on it.
        var filter = ScoreJobsHandlers.ReadFilter(query, errors) with { Metric = null };

        var metric = query["metric"].ToString().Trim();
        if (metric.Length == 0)
        {
            errors.Add("metric", "is required: a metric name from GET /api/score/metrics, weighted_score, or rating (the weighted score against people's good/bad)");
        }
        else if (!IsComparable(metric))
        {
            errors.Add("metric", $"is not a metric: use one of {string.Join(", ", catalog.Definitions.Select(d => d.Name))}, weighted_score or rating");
        }

        var threshold = AgreementService.DefaultThreshold;
        var thresholdText = query["threshold"].ToString();
        if (thresholdText.Length > 0 && !(double.TryParse(thresholdText, NumberStyles.Float, CultureInfo.InvariantCulture, out threshold) && threshold is >= 0 and <= 1))
        {
            errors.Add("threshold", "must be a number from 0 to 1, the score at or above which a job passes (default 0.5)");
        }

        var judgeModel = query["judge_model"].ToString().Trim();
        if (judgeModel.Length > 200) errors.Add("judge_model", "is at most 200 characters: the judge deployment or model name as records show it");
        if (!errors.IsEmpty) return Problems.Validation(errors);

        var report = await agreement.ComputeAsync(filter, metric, threshold, judgeModel.Length > 0 ? judgeModel : null, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(report, HttpJsonContext.Readable.AgreementReport);
    }

    private bool IsComparable(string metric) => LabelledScore.IsWeighted(metric) || catalog.IsKnown(metric);
}
