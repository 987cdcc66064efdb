using ScoreJobs.Records;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScoreJobs.Labels;

namespace ScoreJobs.Index.Sqlite;

/// <summary>
/// Embedded mode's index: one SQLite file in the records folder (<c>.index.sqlite</c>, WAL mode). A row per job holds
/// its list item and the columns filters use; tags and metric scores have tables of their own, ordered so that a tag,
/// a status, a run and a created_at range (ids sort by time) are each an index range. Counts, score buckets and
/// sums per day and status, and per-metric sums, are kept up to date on every write, so the records page's overview
/// reads a few hundred rows whatever the record count. Writes go through one connection, one transaction each;
/// reads use pooled connections and never wait for writes.
/// </summary>
internal sealed class SqliteJobIndex : IJobIndex, IDisposable
{
    public const string FileName = ".index.sqlite";
    // 8: labels (job_labels) and each job's judge model and prompt version. 9: the judge's side copied onto each label
    // row. 10: each run metric's flaky count. 11: stats aggregates per aggregated tag (SqliteStatsAggregates), and each
    // run's cut-off calls. 12: list items compressed, metric scores keyed by row number and metric code (issue 25's
    // 1 KiB a job). 13: 11 and 12 together. An older file is rebuilt from the records and the label store, as after
    // any schema change.
    private const int SchemaVersion = 13;
    private const int RebuildBatch = 2000;

    private readonly string _connectionString;
    private readonly ILogger<SqliteJobIndex> _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SqliteConnection _writer;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _metricCodes = new(StringComparer.Ordinal);
    private SqliteTransaction? _transaction;

    // Set while AddManyAsync or a rebuild writes many entries in one transaction: their aggregates' changes, written once at the end.
    private SqliteStatsBatch? _statsBatch;

    // Bumped after a commit that touched label rows (under the write lock, so a reader that read the version before
    // its query never keeps data older than the version says).
    private long _labelsVersion;
    private bool _labelsTouched;

    // Agreement's pairs held in memory, and the jobs whose label rows the write under way touched (null: too many to
    // patch, drop them all).
    private readonly SqliteLabelledPairs _pairs = new();
    private HashSet<string>? _pairsTouched = new(StringComparer.Ordinal);
    private long _pairsDataVersion;

    public SqliteJobIndex(IOptions<ScoreJobsOptions> options, ILogger<SqliteJobIndex> logger)
        : this(Path.Combine(Path.GetFullPath(options.Value.JobsDirectory), FileName), logger)
    {
    }

    public SqliteJobIndex(string path, ILogger<SqliteJobIndex> logger)
    {
        FilePath = Path.GetFullPath(path);
        _logger = logger;
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = true }.ToString();
        IsNew = !File.Exists(FilePath);
        try
        {
            _writer = OpenSchema();
        }
        catch (SqliteException ex)
        {
            // An index is only ever a copy: one that cannot be opened is started again and rebuilt from the records.
            Log.IndexUnreadable(logger, ex, FilePath);
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { FilePath, FilePath + "-wal", FilePath + "-shm" }) File.Delete(file);
            IsNew = true;
            _writer = OpenSchema();
        }
    }

    /// <summary>Where the index lives.</summary>
    public string FilePath { get; }

    /// <summary>True when this instance created the file (none was there, or it was unreadable): it holds nothing yet.</summary>
    public bool IsNew { get; private set; }

    public Task BeginWriteAsync(string jobId, CancellationToken cancellationToken) => WriteAsync(() =>
    {
        var command = Command("INSERT OR IGNORE INTO in_flight(job_id) VALUES ($id)");
        command.Parameters["$id"].Value = jobId;
        command.ExecuteNonQuery();
    }, cancellationToken);

    public Task UpsertAsync(JobIndexEntry entry, CancellationToken cancellationToken) => WriteAsync(() =>
    {
        Write(entry);
        Settle(entry.JobId);
    }, cancellationToken);

    public long? LabelsVersion => Interlocked.Read(ref _labelsVersion);

    public Task RemoveAsync(string jobId, CancellationToken cancellationToken) => WriteAsync(() =>
    {
        _labelsTouched = true;
        if (ReadOld(jobId) is { } old) Forget(old.RowId, old.Entry);
        RefreshJudgeOfLabels(jobId);
        Settle(jobId);
    }, cancellationToken);

    public async Task<IReadOnlyList<string>> UnsettledAsync(CancellationToken cancellationToken)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT job_id FROM in_flight ORDER BY job_id";
        var ids = new List<string>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (reader.Read()) ids.Add(reader.GetString(0));
        return ids;
    }

    public Task<JobPage> ListAsync(JobFilter filter, int limit, string? afterJobId, CancellationToken cancellationToken)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        var query = SqliteFilter.Build(filter, afterJobId, command);
        command.CommandText = $"SELECT j.item FROM {query.From} WHERE {query.Where} ORDER BY {query.IdColumn} LIMIT $take";
        command.Parameters.AddWithValue("$take", limit + 1);
        var jobs = new List<JobListItem>(Math.Min(limit + 1, 501));
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read()) jobs.Add(SqliteItemCodec.Decode((byte[])reader[0]));
        }

        if (jobs.Count <= limit) return Task.FromResult(new JobPage(jobs, null));
        jobs.RemoveAt(limit);
        return Task.FromResult(new JobPage(jobs, JobCursor.Encode(jobs[^1].JobId)));
    }

    public Task<JobStats> StatsAsync(JobFilter filter, CancellationToken cancellationToken)
    {
        using var connection = OpenReader();
        var stats = new JobStatsBuilder();
        Span<long> buckets = stackalloc long[10];
        if (SqliteStatsAggregates.Fits(filter))
        {
            SqliteStatsAggregates.Read(connection, filter, stats);
            return Task.FromResult(stats.Build());
        }

        if (SqliteFilter.FitsDailyAggregates(filter))
        {
            // Status and whole UTC days only: the aggregates kept on write answer it.
            using (var days = connection.CreateCommand())
            {
                var where = SqliteFilter.DailyWhere(filter, days);
                days.CommandText = $"SELECT day, status, count, scored, total, b0, b1, b2, b3, b4, b5, b6, b7, b8, b9 FROM stats_days WHERE {where}";
                using var reader = days.ExecuteReader();
                while (reader.Read())
                {
                    for (var i = 0; i < 10; i++) buckets[i] = reader.GetInt64(5 + i);
                    stats.Add(reader.GetString(0), (JobStatus)reader.GetInt32(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetDouble(4), buckets);
                }
            }

            using var metrics = connection.CreateCommand();
            var metricWhere = SqliteFilter.DailyWhere(filter, metrics);
            metrics.CommandText = $"SELECT metric, SUM(count), TOTAL(total) FROM stats_metrics WHERE {metricWhere} GROUP BY metric";
            using var metricReader = metrics.ExecuteReader();
            while (metricReader.Read()) stats.AddMetric(metricReader.GetString(0), metricReader.GetInt64(1), metricReader.GetDouble(2));
            return Task.FromResult(stats.Build());
        }

        // Any other filter: grouped in SQL over the matching rows of the index (never the records).
        using (var rows = connection.CreateCommand())
        {
            var query = SqliteFilter.Build(filter, null, rows);
            rows.CommandText = $"""
                SELECT j.day, j.status, CASE WHEN j.weighted IS NULL THEN -1 ELSE min(max(CAST(j.weighted * 10 AS INTEGER), 0), 9) END AS b,
                       COUNT(*), TOTAL(j.weighted)
                FROM {query.From} WHERE {query.Where} GROUP BY j.day, j.status, b
                """;
            using var reader = rows.ExecuteReader();
            while (reader.Read())
            {
                buckets.Clear();
                var bucket = reader.GetInt32(2);
                var count = reader.GetInt64(3);
                if (bucket >= 0) buckets[bucket] = count;
                stats.Add(reader.GetString(0), (JobStatus)reader.GetInt32(1), count, bucket >= 0 ? count : 0, reader.GetDouble(4), buckets);
            }
        }

        using (var metrics = connection.CreateCommand())
        {
            var names = MetricNames(connection);
            var query = SqliteFilter.Build(filter, null, metrics);
            metrics.CommandText = $"""
                SELECT m.metric, COUNT(m.score), TOTAL(m.score)
                FROM {query.From} JOIN job_metrics m ON m.n = j.n WHERE {query.Where} GROUP BY m.metric
                """;
            using var reader = metrics.ExecuteReader();
            while (reader.Read()) stats.AddMetric(names[reader.GetInt64(0)], reader.GetInt64(1), reader.GetDouble(2));
        }

        return Task.FromResult(stats.Build());
    }

    public Task<RunTally> RunTallyAsync(string runId, CancellationToken cancellationToken)
    {
        var tally = new RunTally();
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.Parameters.AddWithValue("$run", runId);
        command.CommandText = "SELECT status, count FROM run_counts WHERE run_id = $run";
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read()) tally.Counts[reader.GetInt32(0)] = reader.GetInt64(1);
        }

        command.CommandText = "SELECT metric, n, total, squares, failed, skipped, flaky FROM run_metrics WHERE run_id = $run AND (n <> 0 OR failed <> 0 OR skipped <> 0)";
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                tally.Metrics[reader.GetString(0)] = new MetricTally
                {
                    N = reader.GetInt64(1), Sum = reader.GetDouble(2), SumOfSquares = reader.GetDouble(3), Failed = reader.GetInt64(4), Skipped = reader.GetInt64(5),
                    Flaky = reader.GetInt64(6),
                };
            }
        }

        command.CommandText = "SELECT metric, bin, count FROM run_bins WHERE run_id = $run AND count <> 0";
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                if (tally.Metrics.TryGetValue(reader.GetString(0), out var metric)) metric.Bins[reader.GetInt32(1)] = reader.GetInt64(2);
            }
        }

        command.CommandText = "SELECT calls, prompt, completion, hits, cost, currency, unpriced, first_started_ms, last_finished_ms, batch, " +
            "redone_calls, redone_prompt, redone_completion, redone_cost, cut_off_calls FROM run_usage WHERE run_id = $run";
        using (var reader = command.ExecuteReader())
        {
            if (reader.Read())
            {
                tally.JudgeCalls = reader.GetInt64(0);
                tally.PromptTokens = reader.GetInt64(1);
                tally.CompletionTokens = reader.GetInt64(2);
                tally.CacheHits = reader.GetInt64(3);
                tally.Cost = Math.Round((decimal)reader.GetDouble(4), 8);
                tally.Currency = reader.IsDBNull(5) ? null : reader.GetString(5);
                tally.Unpriced = reader.GetInt64(6);
                tally.FirstStartedAt = reader.IsDBNull(7) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7));
                tally.LastFinishedAt = reader.IsDBNull(8) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8));
                tally.BatchCalls = reader.GetInt64(9);
                tally.RedoneCalls = reader.GetInt64(10);
                tally.RedonePromptTokens = reader.GetInt64(11);
                tally.RedoneCompletionTokens = reader.GetInt64(12);
                tally.RedoneCost = Math.Round((decimal)reader.GetDouble(13), 8);
                tally.CutOffCalls = reader.GetInt64(14);
            }
        }

        return Task.FromResult(tally);
    }

    public async IAsyncEnumerable<JobListItem> PendingAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = "";
        while (true)
        {
            var page = new List<JobListItem>(500);
            using (var connection = OpenReader())
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT item FROM jobs WHERE pending = 1 AND job_id > $after ORDER BY job_id LIMIT 500";
                command.Parameters.AddWithValue("$after", after);
                using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (reader.Read()) page.Add(SqliteItemCodec.Decode((byte[])reader[0]));
            }

            foreach (var item in page) yield return item;
            if (page.Count < 500) yield break;
            after = page[^1].JobId;
        }
    }

    public async Task<long> RebuildAsync(IAsyncEnumerable<JobIndexEntry> entries, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using (var clear = _writer.CreateCommand())
            {
                // metric_names stays: its codes are the writer's to keep for the file's life.
                clear.CommandText = "DELETE FROM jobs; DELETE FROM tags; DELETE FROM job_metrics; DELETE FROM stats_days; DELETE FROM stats_metrics; DELETE FROM in_flight;" +
                    " DELETE FROM run_counts; DELETE FROM run_metrics; DELETE FROM run_bins; DELETE FROM run_usage; DELETE FROM job_labels; " + SqliteStatsAggregates.Clear;
                clear.ExecuteNonQuery();
            }

            long count = 0;
            var transaction = Begin();
            _statsBatch = new SqliteStatsBatch(_writer, transaction);
            try
            {
                await foreach (var entry in entries.WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    Write(entry);
                    if (++count % RebuildBatch == 0)
                    {
                        _statsBatch.Write();
                        transaction.Commit();
                        transaction.Dispose();
                        transaction = Begin();
                        _statsBatch = new SqliteStatsBatch(_writer, transaction);
                    }
                }

                _statsBatch.Write();
                transaction.Commit();
            }
            catch
            {
                _metricCodes.Clear();
                throw;
            }
            finally
            {
                _statsBatch = null;
                transaction.Dispose();
            }

            IsNew = false;
            Interlocked.Increment(ref _labelsVersion);
            return count;
        }
        finally
        {
            // Done or not, the label rows were emptied and rewritten in commits of their own: no held pair stands.
            _pairs.Clear();
            _writeLock.Release();
        }
    }

    public Task SetLabelsAsync(string jobId, IReadOnlyList<JobLabel> labels, CancellationToken cancellationToken) => WriteAsync(() =>
    {
        _labelsTouched = true;
        var clear = Command("DELETE FROM job_labels WHERE job_id = $id");
        clear.Parameters["$id"].Value = jobId;
        clear.ExecuteNonQuery();
        TouchPairs(jobId);
        WriteLabels(jobId, labels);
    }, cancellationToken);

    public async Task<IReadOnlyList<LabelledScore>> LabelledScoresAsync(JobFilter filter, string metric, CancellationToken cancellationToken)
    {
        // Every filter is served from the metric's held pairs: a filter reads only the ids of its jobs (at 100,000 labelled
        // jobs, a tag of a third of them: 130-170 ms for its pairs joined from job_labels, far less for its ids).
        // The filter's query is built before its connection is open: it also says whether the filter keeps every job.
        using var command = new SqliteCommand();
        var query = SqliteFilter.Build(filter, null, command);
        SqliteLabelledPairs.Lease held;
        SqliteConnection? reader = null;
        SqliteTransaction? snapshot = null;
        // Under the write lock: no commit falls between reading the rows and holding them (its patch would be lost),
        // and the writer's connection can say whether another process (index rebuild run against the folder) has
        // committed since: SQLite's data_version moves only for other connections' commits.
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var dataVersion = (long)Command("PRAGMA data_version").ExecuteScalar()!;
            if (dataVersion != _pairsDataVersion)
            {
                _pairs.Clear();
                _pairsDataVersion = dataVersion;
            }

            if (_pairs.Lend(metric) is { } lent) held = lent;
            else
            {
                _pairs.Hold(metric, ReadLabelledScores(metric));
                held = _pairs.Lend(metric)!;
            }

            if (!query.All)
            {
                // The filter's read sees the index as the held pairs do: a WAL read transaction's snapshot is taken by its
                // first read, here, while no write can commit.
                reader = OpenReader();
                snapshot = reader.BeginTransaction(deferred: true);
                using var first = reader.CreateCommand();
                first.CommandText = "SELECT count(*) FROM (SELECT 1 FROM jobs LIMIT 1)";
                first.ExecuteScalar();
            }
        }
        catch
        {
            snapshot?.Dispose();
            reader?.Dispose();
            throw;
        }
        finally
        {
            _writeLock.Release();
        }

        if (query.All) return held;
        using (held)
        using (reader)
        using (snapshot)
        {
            command.Connection = reader;
            command.Transaction = snapshot;
            command.CommandText = $"SELECT {query.IdColumn} FROM {query.From} WHERE {query.Where} ORDER BY {query.IdColumn}";
            return SqliteLabelledScores.Matching(held.Span, command);
        }
    }

    // Every pair of the metric, in job id and rater order, as the covering index holds them: the pairing reads each
    // job's raters together, and a filter's job ids merge with them in that order.
    private List<LabelledScore> ReadLabelledScores(string metric)
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.Parameters.AddWithValue("$lm", metric);
        command.CommandText = """
            SELECT l.job_id, l.judge, l.judge_model, l.prompt_version, l.rater, l.value
            FROM job_labels l WHERE l.metric = $lm AND l.judge IS NOT NULL ORDER BY l.job_id, l.rater
            """;
        return SqliteLabelledScores.Read(connection, command);
    }

    /// <summary>Adds many jobs' labels in one transaction (seeding and tools), beside any they have.</summary>
    public Task AddManyLabelsAsync(IEnumerable<JobLabels> labels, CancellationToken cancellationToken) => WriteAsync(() =>
    {
        _pairsTouched = null;
        foreach (var job in labels) WriteLabels(job.JobId, job.Labels);
    }, cancellationToken);

    /// <summary>
    /// Adds many entries in one transaction (seeding and tools); existing entries are replaced. The index ends as
    /// <see cref="UpsertAsync"/> one at a time would leave it, aggregates included, with their changes written once
    /// a row (<see cref="SqliteStatsBatch"/>) rather than once a job.
    /// </summary>
    public Task AddManyAsync(IEnumerable<JobIndexEntry> entries, CancellationToken cancellationToken) => WriteAsync(() =>
    {
        _statsBatch = new SqliteStatsBatch(_writer, _transaction!);
        try
        {
            foreach (var entry in entries) Write(entry);
            _statsBatch.Write();
        }
        finally
        {
            _statsBatch = null;
        }
    }, cancellationToken);

    // Every small write: the one writer connection, under the lock, in one transaction.
    private async Task WriteAsync(Action write, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var transaction = Begin();
            _labelsTouched = false;
            if (_pairsTouched is null) _pairsTouched = new HashSet<string>(StringComparer.Ordinal);
            else _pairsTouched.Clear();
            write();
            var pairs = TouchedPairs();
            transaction.Commit();
            // Before the version moves: a reader that read the old version may compute from the new pairs (and compute
            // again next time), never keep old pairs under the new version.
            if (pairs is not null) _pairs.Replace(pairs);
            else _pairs.Clear();
            if (_labelsTouched) Interlocked.Increment(ref _labelsVersion);
        }
        catch
        {
            _metricCodes.Clear(); // a code given in a transaction that rolled back is no code
            _pairs.Clear();
            throw;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values) command.Dispose();
        _writer.Dispose();
        _writeLock.Dispose();
    }

    private SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private SqliteConnection OpenSchema()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // WAL: readers never wait for the writer. NORMAL: a commit survives the process being killed (the WAL is in
            // the OS's hands); an OS crash or power cut can lose the last commits, which the records then repair.
            command.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";
            command.ExecuteNonQuery();
            command.CommandText = "PRAGMA user_version;";
            var version = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            if (version != SchemaVersion)
            {
                if (version != 0) IsNew = true;
                command.CommandText = SqliteSchema.Create(SchemaVersion);
                command.ExecuteNonQuery();
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private SqliteCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _writer.CreateCommand();
            command.CommandText = sql;
            foreach (var name in SqliteSchema.ParameterNames(sql)) command.Parameters.Add(new SqliteParameter(name, null));
            _commands[sql] = command;
        }

        command.Transaction = _transaction is { Connection: not null } open ? open : null;
        return command;
    }

    private SqliteTransaction Begin() => _transaction = _writer.BeginTransaction(deferred: false);

    // Inside the write transaction: replace the job's row, tags, metric scores and its share of the aggregates.
    private void Write(JobIndexEntry entry)
    {
        var item = SqliteItemCodec.Encode(entry.Item);
        var old = ReadOld(entry.JobId);
        if (old is { } o && o.Item.AsSpan().SequenceEqual(item) && o.Entry.RunId == entry.RunId) return;
        if (old is { } previous) Forget(previous.RowId, previous.Entry);

        var job = Command("""
            INSERT INTO jobs(job_id, created_ms, day, status, weighted, question, run_id, pending, judge_model, prompt_version, item)
            VALUES ($id, $created, $day, $status, $weighted, $question, $run, $pending, $judgemodel, $promptversion, $item)
            RETURNING n
            """);
        job.Parameters["$id"].Value = entry.JobId;
        job.Parameters["$created"].Value = entry.Item.CreatedAt.ToUnixTimeMilliseconds();
        job.Parameters["$day"].Value = entry.Day;
        job.Parameters["$status"].Value = (int)entry.Item.Status;
        job.Parameters["$weighted"].Value = (object?)entry.Item.WeightedScore ?? DBNull.Value;
        job.Parameters["$question"].Value = entry.Item.RequestSummary.Question.ToUpperInvariant();
        job.Parameters["$run"].Value = (object?)entry.RunId ?? DBNull.Value;
        job.Parameters["$pending"].Value = entry.IsPending ? 1 : 0;
        job.Parameters["$judgemodel"].Value = (object?)entry.Item.RequestSummary.JudgeModel ?? DBNull.Value;
        job.Parameters["$promptversion"].Value = (object?)entry.Item.PromptVersion ?? DBNull.Value;
        job.Parameters["$item"].Value = item;
        var row = (long)job.ExecuteScalar()!;

        var tag = Command("INSERT OR IGNORE INTO tags(key, value, job_id) VALUES ($key, $value, $id)");
        foreach (var (key, value) in entry.Tags)
        {
            tag.Parameters["$key"].Value = key;
            tag.Parameters["$value"].Value = value;
            tag.Parameters["$id"].Value = entry.JobId;
            tag.ExecuteNonQuery();
        }

        var metric = Command("INSERT OR IGNORE INTO job_metrics(n, metric, score) VALUES ($n, $metric, $score)");
        foreach (var name in entry.Metrics)
        {
            metric.Parameters["$n"].Value = row;
            metric.Parameters["$metric"].Value = MetricCode(name);
            metric.Parameters["$score"].Value = (object?)entry.Item.Scores.GetValueOrDefault(name) ?? DBNull.Value;
            metric.ExecuteNonQuery();
        }

        Aggregate(entry, +1);
        if (entry.RunId is { } run) TallyRun(run, entry.Item, +1);
        RefreshJudgeOfLabels(entry.JobId);
    }

    // The judge's side on the job's label rows, from its row and metric scores as they now are (null when the job is
    // not indexed or has no score on the label's metric, which leaves the pair out of agreement).
    private void RefreshJudgeOfLabels(string jobId)
    {
        var refresh = Command($"""
            UPDATE job_labels SET
                judge = CASE WHEN metric IN ('{LabelledScore.Rating}', '{RunTally.WeightedScore}') THEN (SELECT weighted FROM jobs WHERE job_id = $id)
                        ELSE (SELECT score FROM job_metrics m WHERE m.n = (SELECT n FROM jobs WHERE job_id = $id)
                              AND m.metric = (SELECT code FROM metric_names WHERE name = job_labels.metric)) END,
                judge_model = (SELECT judge_model FROM jobs WHERE job_id = $id),
                prompt_version = (SELECT prompt_version FROM jobs WHERE job_id = $id)
            WHERE job_id = $id
            """);
        refresh.Parameters["$id"].Value = jobId;
        if (refresh.ExecuteNonQuery() > 0)
        {
            _labelsTouched = true;
            TouchPairs(jobId);
        }
    }

    // A job whose label rows this write changed: its held pairs are replaced after the commit. Bulk writes (a stats
    // batch under way, or more jobs than a patch is worth) drop them instead.
    private void TouchPairs(string jobId)
    {
        if (_statsBatch is not null || _pairsTouched is { Count: >= SqliteLabelledPairs.MaxMoves }) _pairsTouched = null;
        _pairsTouched?.Add(jobId);
    }

    // The touched jobs' pairs of every metric as this transaction leaves them; null when they are to be dropped.
    private Dictionary<string, List<(string Metric, LabelledScore Pair)>>? TouchedPairs()
    {
        if (_pairsTouched is null) return null;
        var jobs = new Dictionary<string, List<(string Metric, LabelledScore Pair)>>(StringComparer.Ordinal);
        if (_pairsTouched.Count == 0 || !_pairs.Any) return jobs;
        var read = Command("""
            SELECT metric, judge, judge_model, prompt_version, rater, value FROM job_labels
            WHERE job_id = $id AND judge IS NOT NULL ORDER BY metric, rater
            """);
        foreach (var jobId in _pairsTouched)
        {
            read.Parameters["$id"].Value = jobId;
            var rows = new List<(string Metric, LabelledScore Pair)>();
            using (var reader = read.ExecuteReader())
            {
                while (reader.Read())
                {
                    rows.Add((reader.GetString(0), new LabelledScore(
                        jobId, reader.GetDouble(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                        reader.GetString(4), reader.GetDouble(5))));
                }
            }

            jobs[jobId] = rows;
        }

        return jobs;
    }

    private void WriteLabels(string jobId, IReadOnlyList<JobLabel> labels)
    {
        _labelsTouched = true;
        var insert = Command("INSERT OR REPLACE INTO job_labels(job_id, metric, rater, value) VALUES ($id, $metric, $rater, $value)");
        foreach (var label in labels)
        {
            var values = (label.Scores ?? new Dictionary<string, double>()).Select(s => (Metric: s.Key, Value: (double?)s.Value))
                .Append((LabelledScore.Rating, LabelledScore.HumanValue(label, LabelledScore.Rating)));
            foreach (var (metric, value) in values)
            {
                if (value is not { } v) continue;
                insert.Parameters["$id"].Value = jobId;
                insert.Parameters["$metric"].Value = metric;
                insert.Parameters["$rater"].Value = label.Rater;
                insert.Parameters["$value"].Value = v;
                insert.ExecuteNonQuery();
            }
        }

        RefreshJudgeOfLabels(jobId);
    }

    private void Forget(long rowId, JobIndexEntry old)
    {
        Aggregate(old, -1);
        if (old.RunId is { } run) TallyRun(run, old.Item, -1);
        var tag = Command("DELETE FROM tags WHERE key = $key AND value = $value AND job_id = $id");
        foreach (var (key, value) in old.Tags)
        {
            tag.Parameters["$key"].Value = key;
            tag.Parameters["$value"].Value = value;
            tag.Parameters["$id"].Value = old.JobId;
            tag.ExecuteNonQuery();
        }

        var metrics = Command("DELETE FROM job_metrics WHERE n = $n");
        metrics.Parameters["$n"].Value = rowId;
        metrics.ExecuteNonQuery();
        var job = Command("DELETE FROM jobs WHERE n = $rowid");
        job.Parameters["$rowid"].Value = rowId;
        job.ExecuteNonQuery();
    }

    private (long RowId, JobIndexEntry Entry, byte[] Item)? ReadOld(string jobId)
    {
        var select = Command("SELECT n, run_id, item FROM jobs WHERE job_id = $id");
        select.Parameters["$id"].Value = jobId;
        using var reader = select.ExecuteReader();
        if (!reader.Read()) return null;
        var item = (byte[])reader[2];
        return (reader.GetInt64(0), new JobIndexEntry { Item = SqliteItemCodec.Decode(item), RunId = reader.IsDBNull(1) ? null : reader.GetString(1) }, item);
    }

    private void Aggregate(JobIndexEntry entry, int sign)
    {
        if (_statsBatch is { } batch)
        {
            batch.Apply(entry, sign);
            return;
        }

        var day = Command("""
            INSERT INTO stats_days(day, status, live, count, scored, total, b0, b1, b2, b3, b4, b5, b6, b7, b8, b9)
            VALUES ($day, $status, $live, $count, $scored, $total, $b0, $b1, $b2, $b3, $b4, $b5, $b6, $b7, $b8, $b9)
            ON CONFLICT(day, status, live) DO UPDATE SET count = count + excluded.count, scored = scored + excluded.scored, total = total + excluded.total,
                b0 = b0 + excluded.b0, b1 = b1 + excluded.b1, b2 = b2 + excluded.b2, b3 = b3 + excluded.b3, b4 = b4 + excluded.b4,
                b5 = b5 + excluded.b5, b6 = b6 + excluded.b6, b7 = b7 + excluded.b7, b8 = b8 + excluded.b8, b9 = b9 + excluded.b9
            """);
        var score = entry.Item.WeightedScore;
        var bucket = score is { } s ? JobIndexEntry.BucketOf(s) : -1;
        day.Parameters["$day"].Value = entry.Day;
        day.Parameters["$status"].Value = (int)entry.Item.Status;
        day.Parameters["$live"].Value = entry.RunId is null ? 1 : 0;
        day.Parameters["$count"].Value = sign;
        day.Parameters["$scored"].Value = score is null ? 0 : sign;
        day.Parameters["$total"].Value = sign * (score ?? 0);
        for (var i = 0; i < 10; i++) day.Parameters["$b" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)].Value = i == bucket ? sign : 0;
        day.ExecuteNonQuery();

        var metric = Command("""
            INSERT INTO stats_metrics(day, status, live, metric, count, total) VALUES ($day, $status, $live, $metric, $count, $total)
            ON CONFLICT(day, status, live, metric) DO UPDATE SET count = count + excluded.count, total = total + excluded.total
            """);
        foreach (var (name, value) in entry.Item.Scores)
        {
            if (value is not { } v) continue;
            metric.Parameters["$day"].Value = entry.Day;
            metric.Parameters["$status"].Value = (int)entry.Item.Status;
            metric.Parameters["$live"].Value = entry.RunId is null ? 1 : 0;
            metric.Parameters["$metric"].Value = name;
            metric.Parameters["$count"].Value = sign;
            metric.Parameters["$total"].Value = sign * v;
            metric.ExecuteNonQuery();
        }

        SqliteStatsAggregates.Apply(Command, entry, sign);
    }

    // The run's share of this job, in the same transaction as its entry: see RunTally. Sums and bins as +/- upserts, the
    // way the daily aggregates are kept, so a write costs a few small rows whatever the run's size.
    private void TallyRun(string runId, JobListItem item, int sign)
    {
        var count = Command("""
            INSERT INTO run_counts(run_id, status, count) VALUES ($run, $status, $sign)
            ON CONFLICT(run_id, status) DO UPDATE SET count = count + excluded.count
            """);
        count.Parameters["$run"].Value = runId;
        count.Parameters["$status"].Value = (int)item.Status;
        count.Parameters["$sign"].Value = sign;
        count.ExecuteNonQuery();

        var metric = Command("""
            INSERT INTO run_metrics(run_id, metric, n, total, squares) VALUES ($run, $metric, $sign, $score, $square)
            ON CONFLICT(run_id, metric) DO UPDATE SET n = n + excluded.n,
                total = CASE WHEN n + excluded.n = 0 THEN 0 ELSE total + excluded.total END,
                squares = CASE WHEN n + excluded.n = 0 THEN 0 ELSE squares + excluded.squares END
            """);
        var bin = Command("""
            INSERT INTO run_bins(run_id, metric, bin, count) VALUES ($run, $metric, $bin, $sign)
            ON CONFLICT(run_id, metric, bin) DO UPDATE SET count = count + excluded.count
            """);
        // Unscored metrics of finished jobs, as RunTally.Apply counts them: skipped (no inputs) or failed.
        var unscored = Command("""
            INSERT INTO run_metrics(run_id, metric, n, total, squares, failed, skipped) VALUES ($run, $metric, 0, 0, 0, $failed, $skipped)
            ON CONFLICT(run_id, metric) DO UPDATE SET failed = failed + excluded.failed, skipped = skipped + excluded.skipped
            """);
        if (item.Status is JobStatus.Completed or JobStatus.Failed)
        {
            var names = item.Scores.Where(s => s.Value is null).Select(s => s.Key);
            if (item.WeightedScore is null) names = names.Append(RunTally.WeightedScore);
            foreach (var name in names)
            {
                var skipped = name != RunTally.WeightedScore && item.SkippedMetrics.Contains(name, StringComparer.Ordinal);
                unscored.Parameters["$run"].Value = runId;
                unscored.Parameters["$metric"].Value = name;
                unscored.Parameters["$failed"].Value = skipped ? 0 : sign;
                unscored.Parameters["$skipped"].Value = skipped ? sign : 0;
                unscored.ExecuteNonQuery();
            }
        }

        if (item.FlakyMetrics is { Count: > 0 } flaky)
        {
            var flakyCount = Command("""
                INSERT INTO run_metrics(run_id, metric, n, total, squares, flaky) VALUES ($run, $metric, 0, 0, 0, $sign)
                ON CONFLICT(run_id, metric) DO UPDATE SET flaky = flaky + excluded.flaky
                """);
            foreach (var name in flaky)
            {
                flakyCount.Parameters["$run"].Value = runId;
                flakyCount.Parameters["$metric"].Value = name;
                flakyCount.Parameters["$sign"].Value = sign;
                flakyCount.ExecuteNonQuery();
            }
        }

        var scores = item.Scores.Where(s => s.Value is not null).Select(s => (s.Key, s.Value!.Value));
        if (item.WeightedScore is { } weighted) scores = scores.Append((RunTally.WeightedScore, weighted));
        foreach (var (name, score) in scores)
        {
            metric.Parameters["$run"].Value = runId;
            metric.Parameters["$metric"].Value = name;
            metric.Parameters["$sign"].Value = sign;
            metric.Parameters["$score"].Value = sign * score;
            metric.Parameters["$square"].Value = sign * score * score;
            metric.ExecuteNonQuery();
            bin.Parameters["$run"].Value = runId;
            bin.Parameters["$metric"].Value = name;
            bin.Parameters["$bin"].Value = MetricTally.BinOf(score);
            bin.Parameters["$sign"].Value = sign;
            bin.ExecuteNonQuery();
        }

        var usage = item.Usage;
        var stamps = sign > 0 ? item : null;
        if (usage is null && stamps?.StartedAt is null && stamps?.FinishedAt is null) return;
        var total = Command("""
            INSERT INTO run_usage(run_id, calls, prompt, completion, hits, batch, cost, currency, unpriced, first_started_ms, last_finished_ms,
                redone_calls, redone_prompt, redone_completion, redone_cost, cut_off_calls)
            VALUES ($run, $calls, $prompt, $completion, $hits, $batch, $cost, $currency, $unpriced, $started, $finished,
                $redonecalls, $redoneprompt, $redonecompletion, $redonecost, $cutoff)
            ON CONFLICT(run_id) DO UPDATE SET calls = calls + excluded.calls, prompt = prompt + excluded.prompt,
                redone_calls = redone_calls + excluded.redone_calls, redone_prompt = redone_prompt + excluded.redone_prompt,
                redone_completion = redone_completion + excluded.redone_completion, redone_cost = redone_cost + excluded.redone_cost,
                cut_off_calls = cut_off_calls + excluded.cut_off_calls,
                completion = completion + excluded.completion, hits = hits + excluded.hits, batch = batch + excluded.batch,
                cost = cost + excluded.cost, currency = coalesce(currency, excluded.currency),
                unpriced = unpriced + excluded.unpriced,
                first_started_ms = CASE WHEN first_started_ms IS NULL OR excluded.first_started_ms < first_started_ms THEN coalesce(excluded.first_started_ms, first_started_ms) ELSE first_started_ms END,
                last_finished_ms = CASE WHEN last_finished_ms IS NULL OR excluded.last_finished_ms > last_finished_ms THEN coalesce(excluded.last_finished_ms, last_finished_ms) ELSE last_finished_ms END
            """);
        total.Parameters["$run"].Value = runId;
        total.Parameters["$calls"].Value = sign * (usage?.JudgeCalls ?? 0);
        total.Parameters["$prompt"].Value = sign * (usage?.PromptTokens ?? 0);
        total.Parameters["$completion"].Value = sign * (usage?.CompletionTokens ?? 0);
        total.Parameters["$hits"].Value = sign * (usage?.CacheHits ?? 0);
        total.Parameters["$batch"].Value = sign * (usage?.BatchCalls ?? 0);
        total.Parameters["$cost"].Value = (double)(sign * (usage?.Cost ?? 0));
        total.Parameters["$currency"].Value = (object?)usage?.Currency ?? DBNull.Value;
        total.Parameters["$redonecalls"].Value = sign * (usage?.RedoneCalls ?? 0);
        total.Parameters["$redoneprompt"].Value = sign * (usage?.RedonePromptTokens ?? 0);
        total.Parameters["$redonecompletion"].Value = sign * (usage?.RedoneCompletionTokens ?? 0);
        total.Parameters["$redonecost"].Value = (double)(sign * (usage?.RedoneCost ?? 0));
        total.Parameters["$cutoff"].Value = sign * (usage?.CutOffCalls ?? 0);
        total.Parameters["$unpriced"].Value = usage is { Cost: null, Currency: not null, TotalTokens: > 0 } ? sign : 0;
        total.Parameters["$started"].Value = (object?)stamps?.StartedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value;
        total.Parameters["$finished"].Value = (object?)stamps?.FinishedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value;
        total.ExecuteNonQuery();
    }

    private void Settle(string jobId)
    {
        var command = Command("DELETE FROM in_flight WHERE job_id = $id");
        command.Parameters["$id"].Value = jobId;
        command.ExecuteNonQuery();
    }

    // A metric name's code in job_metrics, given on first use and kept for the file's life (writer only).
    private long MetricCode(string name)
    {
        if (_metricCodes.TryGetValue(name, out var code)) return code;
        var insert = Command("INSERT INTO metric_names(name) VALUES ($name) ON CONFLICT(name) DO UPDATE SET name = excluded.name RETURNING code");
        insert.Parameters["$name"].Value = name;
        code = (long)insert.ExecuteScalar()!;
        _metricCodes[name] = code;
        return code;
    }

    private static Dictionary<long, string> MetricNames(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT code, name FROM metric_names";
        using var reader = command.ExecuteReader();
        var names = new Dictionary<long, string>();
        while (reader.Read()) names[reader.GetInt64(0)] = reader.GetString(1);
        return names;
    }
}
