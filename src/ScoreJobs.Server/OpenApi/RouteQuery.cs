using Microsoft.OpenApi;
using ScoreJobs.Http;

namespace ScoreJobs.Server.OpenApi;

/// <summary>The query parameters the handlers read (see <see cref="ScoreJobsHandlers"/> and <see cref="RunHandlers"/>).</summary>
internal static class RouteQuery
{
    public static readonly QueryParameter[] Page =
    [
        new("limit", JsonSchemaType.Integer, "Page size: 1 to 500 for jobs (default 50), 1 to 200 for runs (default 20)."),
        new("cursor", JsonSchemaType.String, "The next_cursor of the previous page."),
    ];

    public static readonly QueryParameter[] Filter =
    [
        new("status", JsonSchemaType.String, "queued, running, completed, failed or cancelled."),
        new("run_id", JsonSchemaType.String, "Only the jobs of this dataset run."),
        new("source", JsonSchemaType.String, "live (jobs submitted one by one) or run (jobs of dataset runs); absent: both."),
        new("q", JsonSchemaType.String, "Text in the question or answer."),
        new("metric", JsonSchemaType.String, "The metric min_score and max_score apply to (else the weighted score)."),
        new("min_score", JsonSchemaType.Number, "Lowest score, 0 to 1."),
        new("max_score", JsonSchemaType.Number, "Highest score, 0 to 1."),
        new("since", JsonSchemaType.String, "Created at or after: a date (2026-11-21) or an ISO 8601 time."),
        new("until", JsonSchemaType.String, "Created before: a date (the whole day included) or an ISO 8601 time."),
        new("tag", JsonSchemaType.String, "A metadata tag, key:value; repeatable, all must match.", Repeatable: true),
    ];

    public static readonly QueryParameter[] List = [.. Page, .. Filter];

    public static readonly QueryParameter[] RunSettings =
    [
        new("name", JsonSchemaType.String, "The run's name (JSONL and CSV bodies; a JSON body carries its own)."),
        new("metrics", JsonSchemaType.String, "Metric names, comma-separated."),
        new("threshold", JsonSchemaType.String, "metric:0.8, the mean the run must reach; repeatable.", Repeatable: true),
        new("weight", JsonSchemaType.String, "metric:2, a metric's weight; repeatable.", Repeatable: true),
        new("tag", JsonSchemaType.String, "key:value metadata for the run and its samples; repeatable.", Repeatable: true),
        new("judge_model", JsonSchemaType.String, "Judge deployment or model for this run."),
        new("embedding_model", JsonSchemaType.String, "Embedding deployment or model for this run."),
        new("callback_url", JsonSchemaType.String, "Where the run's signed summary is POSTed when it ends."),
        new("mode", JsonSchemaType.String, "live (default) or batch."),
        new("cache", JsonSchemaType.Boolean, "false: judge afresh, without the judge response cache."),
        new("repeats", JsonSchemaType.Integer, "1 to 5 (default 1): how many times each judge metric is asked of every sample; the score is the mean."),
    ];

    /// <summary>A run's submit: its settings, and the dry run that estimates it instead.</summary>
    public static readonly QueryParameter[] RunSubmit =
    [
        .. RunSettings,
        new("dry_run", JsonSchemaType.Boolean,
            "true: validate as a submit does, store nothing, and answer 200 with the judge calls, tokens and cost (live and batch) the run would spend, less what the response cache holds."),
    ];

    public static readonly QueryParameter[] Compare =
    [
        new("margin", JsonSchemaType.Number, "How far a sample's score must fall to count as a regression, 0 to 1."),
        new("min_delta", JsonSchemaType.Number, "How far a metric's mean must move, beyond noise, to count as better or worse, 0 to 1 (default 0)."),
    ];

    /// <summary>The list's filters (its own metric filter aside), then what agreement is about.</summary>
    public static readonly QueryParameter[] Agreement =
    [
        .. Filter.Where(p => p.Name != "metric"),
        new("metric", JsonSchemaType.String, "Required: a catalog metric, weighted_score, or rating (the weighted score against people's good/bad, good = 1)."),
        new("threshold", JsonSchemaType.Number, "The score at or above which a job passes, for kappa, accuracy and the confusion counts; 0 to 1, default 0.5."),
        new("judge_model", JsonSchemaType.String, "Only jobs this judge model scored (jobs that named none count under the configured model)."),
    ];
}
