using System.Globalization;
using System.Text.RegularExpressions;

namespace ScoreJobs.Index.Sqlite;

/// <summary>
/// The index's tables. Job ids sort newest first, so every "newest page" is an ascending range of an index.
/// (A covering index over job_id, status, created_ms, day and weighted was tried: the bundled SQLite 3.53 then planned
/// the tag-filtered stats query badly, over 60 s at 100,000 jobs instead of 0.3 s, so there is none.)
/// Labels are rows of their own (<c>job_labels</c>: one per job, metric and rater, the rating as metric <c>rating</c>
/// valued 1 or 0), never part of a job's row, so a record write leaves the people's values as they were. Each label row
/// also carries a copy of the judge's side (the job's score on that metric, or its weighted score for <c>rating</c> and
/// <c>weighted_score</c>, its judge model and prompt version), refreshed whenever the job or its labels are written, so
/// agreement over every job is one range of a covering index rather than two lookups a pair.
/// Size (at most 1 KiB a job at the bench's shape, issue 25): a job's list item is stored compressed
/// (<see cref="SqliteItemCodec"/>), and its metric scores are keyed by the job's row number <c>n</c> and a metric code
/// (<c>metric_names</c>), a dozen bytes a score rather than the 60 that the job id and metric name as text took.
/// </summary>
internal static partial class SqliteSchema
{
    public static string Create(int version) => string.Create(CultureInfo.InvariantCulture, $"""
        DROP TABLE IF EXISTS jobs; DROP TABLE IF EXISTS tags; DROP TABLE IF EXISTS job_metrics;
        DROP TABLE IF EXISTS stats_days; DROP TABLE IF EXISTS stats_metrics; DROP TABLE IF EXISTS in_flight;
        DROP TABLE IF EXISTS run_counts; DROP TABLE IF EXISTS run_metrics; DROP TABLE IF EXISTS run_bins; DROP TABLE IF EXISTS run_usage;
        DROP TABLE IF EXISTS job_labels; DROP TABLE IF EXISTS metric_names;
        CREATE TABLE jobs (
            n          INTEGER PRIMARY KEY,
            job_id     TEXT NOT NULL UNIQUE,
            created_ms INTEGER NOT NULL,
            day        TEXT NOT NULL,
            status     INTEGER NOT NULL,
            weighted   REAL,
            question   TEXT NOT NULL,
            run_id     TEXT,
            pending    INTEGER NOT NULL,
            judge_model    TEXT,
            prompt_version TEXT,
            item       BLOB NOT NULL);
        CREATE INDEX jobs_by_status ON jobs(status, job_id);
        CREATE INDEX jobs_by_run ON jobs(run_id, job_id) WHERE run_id IS NOT NULL;
        CREATE INDEX jobs_pending ON jobs(job_id) WHERE pending = 1;
        CREATE TABLE tags (key TEXT NOT NULL, value TEXT NOT NULL, job_id TEXT NOT NULL, PRIMARY KEY (key, value, job_id)) WITHOUT ROWID;
        CREATE TABLE metric_names (code INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
        CREATE TABLE job_metrics (n INTEGER NOT NULL, metric INTEGER NOT NULL, score REAL, PRIMARY KEY (n, metric)) WITHOUT ROWID;
        CREATE TABLE stats_days (
            day TEXT NOT NULL, status INTEGER NOT NULL, live INTEGER NOT NULL, count INTEGER NOT NULL, scored INTEGER NOT NULL, total REAL NOT NULL,
            b0 INTEGER NOT NULL, b1 INTEGER NOT NULL, b2 INTEGER NOT NULL, b3 INTEGER NOT NULL, b4 INTEGER NOT NULL,
            b5 INTEGER NOT NULL, b6 INTEGER NOT NULL, b7 INTEGER NOT NULL, b8 INTEGER NOT NULL, b9 INTEGER NOT NULL,
            PRIMARY KEY (day, status, live)) WITHOUT ROWID;
        CREATE TABLE stats_metrics (
            day TEXT NOT NULL, status INTEGER NOT NULL, live INTEGER NOT NULL, metric TEXT NOT NULL, count INTEGER NOT NULL, total REAL NOT NULL,
            PRIMARY KEY (day, status, live, metric)) WITHOUT ROWID;
        CREATE TABLE in_flight (job_id TEXT PRIMARY KEY) WITHOUT ROWID;
        CREATE TABLE run_counts (run_id TEXT NOT NULL, status INTEGER NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (run_id, status)) WITHOUT ROWID;
        CREATE TABLE run_metrics (
            run_id TEXT NOT NULL, metric TEXT NOT NULL, n INTEGER NOT NULL, total REAL NOT NULL, squares REAL NOT NULL,
            failed INTEGER NOT NULL DEFAULT 0, skipped INTEGER NOT NULL DEFAULT 0, flaky INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (run_id, metric)) WITHOUT ROWID;
        CREATE TABLE run_bins (run_id TEXT NOT NULL, metric TEXT NOT NULL, bin INTEGER NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (run_id, metric, bin)) WITHOUT ROWID;
        CREATE TABLE run_usage (
            run_id TEXT PRIMARY KEY, calls INTEGER NOT NULL, prompt INTEGER NOT NULL, completion INTEGER NOT NULL, hits INTEGER NOT NULL, batch INTEGER NOT NULL,
            cost REAL NOT NULL, currency TEXT, unpriced INTEGER NOT NULL, first_started_ms INTEGER, last_finished_ms INTEGER,
            redone_calls INTEGER NOT NULL, redone_prompt INTEGER NOT NULL, redone_completion INTEGER NOT NULL, redone_cost REAL NOT NULL,
            cut_off_calls INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
        CREATE TABLE job_labels (
            job_id TEXT NOT NULL, metric TEXT NOT NULL, rater TEXT NOT NULL, value REAL NOT NULL, judge REAL, judge_model TEXT, prompt_version TEXT,
            PRIMARY KEY (job_id, metric, rater)) WITHOUT ROWID;
        CREATE INDEX job_labels_by_metric ON job_labels(metric, job_id, rater, value, judge, judge_model, prompt_version);
        {SqliteStatsAggregates.Schema}
        PRAGMA user_version = {version};
        """);

    /// <summary>The <c>$name</c> parameters a statement uses, so a cached command can declare them once.</summary>
    public static IEnumerable<string> ParameterNames(string sql) => Parameter().Matches(sql).Select(m => m.Value).Distinct(StringComparer.Ordinal);

    [GeneratedRegex(@"\$[a-z0-9]+")]
    private static partial Regex Parameter();
}
