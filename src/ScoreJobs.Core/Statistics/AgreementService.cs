using Microsoft.Extensions.Options;
using ScoreJobs.Index;
using ScoreJobs.Judge;

namespace ScoreJobs.Statistics;

/// <summary>
/// Agreement between the judge and people over the jobs matching a filter, from the job index alone (never a record).
/// Jobs whose judge model was not overridden count under the configured model.
/// </summary>
public sealed class AgreementService(IJobIndex index, IOptions<JudgeOptions> judge)
{
    /// <summary>How many of the largest disagreements a report lists.</summary>
    public const int Disagreements = 20;

    /// <summary>The pass mark kappa, accuracy and the confusion counts use when none is given.</summary>
    public const double DefaultThreshold = 0.5;

    /// <summary>A run's short view of <paramref name="rows"/>: n, Spearman and kappa over the jobs' mean human values.</summary>
    public static MetricAgreement Summarise(IReadOnlyList<LabelledScore> rows, double threshold)
    {
        var jobs = Pair(rows);
        var judgeScores = jobs.Select(j => j.Job.Judge).ToArray();
        var human = jobs.Select(j => j.Human).ToArray();
        return new MetricAgreement(jobs.Count, Agreement.Spearman(judgeScores, human), Agreement.Kappa(Agreement.Confuse(judgeScores, human, threshold)));
    }

    public async Task<AgreementReport> ComputeAsync(JobFilter filter, string metric, double threshold, string? judgeModel, CancellationToken cancellationToken)
    {
        var rows = await index.LabelledScoresAsync(filter, metric, cancellationToken).ConfigureAwait(false);
        var model = judge.Value.Model;
        var jobs = Pair(judgeModel is null ? rows : rows.Where(r => (r.JudgeModel ?? model) == judgeModel));
        return Compute(jobs, metric, threshold, model);
    }

    // One pair per job, in job id order so the bootstrap sees the same order every time.
    private static List<PairedJob> Pair(IEnumerable<LabelledScore> rows) => [.. rows
        .GroupBy(r => r.JobId, StringComparer.Ordinal)
        .OrderBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => new PairedJob(g.First(), g.Average(r => r.Human), [.. g]))];

    internal static AgreementReport Compute(IReadOnlyList<PairedJob> jobs, string metric, double threshold, string? defaultModel)
    {
        var judgeScores = jobs.Select(j => j.Job.Judge).ToArray();
        var human = jobs.Select(j => j.Human).ToArray();
        var confusion = Agreement.Confuse(judgeScores, human, threshold);
        var (spearmanInterval, kappaInterval) = AgreementBootstrap.Intervals(judgeScores, human, threshold);
        var spearman = Agreement.Spearman(judgeScores, human);
        var kappa = Agreement.Kappa(confusion);
        var judges = jobs.GroupBy(j => (JudgeModel: j.Job.JudgeModel ?? defaultModel, j.Job.PromptVersion)).ToList();
        return new AgreementReport
        {
            Metric = metric,
            Threshold = threshold,
            N = jobs.Count,
            Pearson = Agreement.Pearson(judgeScores, human),
            Spearman = spearman,
            MeanAbsError = Agreement.MeanAbsoluteError(judgeScores, human),
            Kappa = kappa,
            Accuracy = Agreement.Accuracy(confusion),
            Confusion = new AgreementConfusion(confusion.Tp, confusion.Fp, confusion.Fn, confusion.Tn),
            Ci95 = new AgreementIntervals(spearmanInterval, kappaInterval),
            // One judge (the usual case): its figures are the whole's, not computed twice.
            ByJudge = [.. judges
                .Select(g => judges.Count == 1 ? new JudgeAgreement(g.Key.JudgeModel, g.Key.PromptVersion, jobs.Count, spearman, kappa) : ByJudge(g.Key.JudgeModel, g.Key.PromptVersion, [.. g], threshold))
                .OrderByDescending(j => j.N).ThenBy(j => j.JudgeModel, StringComparer.Ordinal).ThenBy(j => j.PromptVersion, StringComparer.Ordinal)],
            Raters = new RaterAgreement(jobs.SelectMany(j => j.Labels).Select(r => r.Rater).Distinct(StringComparer.Ordinal).Count(), BetweenRaters(jobs, threshold)),
            Disagreements = [.. jobs
                .Select(j => new Disagreement(j.Job.JobId, j.Job.Judge, j.Human, j.Job.Judge - j.Human))
                .OrderByDescending(d => Math.Abs(d.Delta)).ThenBy(d => d.JobId, StringComparer.Ordinal)
                .Take(Disagreements)],
        };
    }

    private static JudgeAgreement ByJudge(string? model, string? promptVersion, IReadOnlyList<PairedJob> jobs, double threshold)
    {
        var judgeScores = jobs.Select(j => j.Job.Judge).ToArray();
        var human = jobs.Select(j => j.Human).ToArray();
        return new JudgeAgreement(model, promptVersion, jobs.Count, Agreement.Spearman(judgeScores, human), Agreement.Kappa(Agreement.Confuse(judgeScores, human, threshold)));
    }

    /// <summary>
    /// Cohen's kappa between two raters over the jobs both labelled, at the threshold; with more than two raters, the
    /// mean over every pair of raters for which it is defined (Light's kappa). Null where no two raters share two jobs.
    /// </summary>
    private static double? BetweenRaters(IReadOnlyList<PairedJob> jobs, double threshold)
    {
        if (!jobs.Any(j => j.Labels.Count > 1)) return null;
        var byRater = jobs.SelectMany(j => j.Labels)
            .GroupBy(l => l.Rater, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToDictionary(l => l.JobId, l => l.Human, StringComparer.Ordinal), StringComparer.Ordinal);
        var raters = byRater.Keys.Order(StringComparer.Ordinal).ToArray();
        var kappas = new List<double>();
        for (var a = 0; a < raters.Length; a++)
        {
            for (var b = a + 1; b < raters.Length; b++)
            {
                var first = byRater[raters[a]];
                var second = byRater[raters[b]];
                var shared = first.Keys.Where(second.ContainsKey).ToArray();
                var kappa = Agreement.Kappa(Agreement.Confuse([.. shared.Select(id => first[id])], [.. shared.Select(id => second[id])], threshold));
                if (kappa is { } k) kappas.Add(k);
            }
        }

        return kappas.Count == 0 ? null : kappas.Average();
    }

    /// <summary>A job's judge score beside the mean of its raters' values.</summary>
    internal sealed record PairedJob(LabelledScore Job, double Human, IReadOnlyList<LabelledScore> Labels);
}
