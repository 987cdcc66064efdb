using System.ComponentModel.DataAnnotations;

namespace ScoreJobs.Rubrics;

/// <summary>The <c>ScoreJobs:Rubrics</c> section: where server-wide rubrics live and how often they are read again.</summary>
public sealed class RubricOptions
{
    public const string Section = "ScoreJobs:Rubrics";

    /// <summary>A folder of rubric JSON files (<c>ScoreJobs__Rubrics__Path</c>); unset = no rubric files.</summary>
    public string? Path { get; set; }

    /// <summary>How often the folder (and the container's <c>rubrics/</c> blobs) are read again; a change shows within this.</summary>
    [Range(1, 3600)]
    public int RefreshSeconds { get; set; } = 30;
}
