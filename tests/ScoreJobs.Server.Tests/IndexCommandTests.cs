using ScoreJobs.Requests;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ScoreJobs.Hosting;
using ScoreJobs.Index.Sqlite;
using ScoreJobs.Index;
using ScoreJobs.Jobs;
using ScoreJobs.Records;
using ScoreJobs.Storage.Local;

namespace ScoreJobs.Server;

public sealed class IndexCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "scorejobs-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task RunAsync_IndexRebuild_IndexHoldsEveryRecordInTheFolder()
    {
        using (var records = new LocalFolderJobStore(Options.Create(new ScoreJobsOptions { JobsDirectory = _folder }), NullLogger<LocalFolderJobStore>.Instance))
        {
            for (var i = 0; i < 3; i++)
            {
                var created = new DateTimeOffset(2026, 11, 21, 8, 0, i, TimeSpan.Zero);
                await records.TryCreateAsync(new JobRecord
                {
                    JobId = JobId.New(created),
                    Status = JobStatus.Completed,
                    CreatedAt = created,
                    RequestSummary = new RequestSummary { Question = "q" },
                    Request = new ScoreRequest { Question = "q" },
                    WeightedScore = 0.5,
                }, CancellationToken.None);
            }
        }

        var exitCode = await IndexCommand.RunAsync(["index", "rebuild", "--ScoreJobs:JobsDirectory", _folder]);

        Assert.Equal(0, exitCode);
        using var index = new SqliteJobIndex(Path.Combine(_folder, SqliteJobIndex.FileName), NullLogger<SqliteJobIndex>.Instance);
        Assert.False(index.IsNew);
        Assert.Equal(3, (await index.StatsAsync(JobFilter.None, CancellationToken.None)).ByStatus["completed"]);
    }

    [Fact]
    public async Task RunAsync_UnknownVerb_UsageExitCode()
    {
        Assert.Equal(2, await IndexCommand.RunAsync(["index", "drop"]));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
