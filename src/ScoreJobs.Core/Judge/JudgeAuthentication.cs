namespace ScoreJobs.Judge;

/// <summary>How the judge endpoint is called: with the configured key, with Entra ID tokens, or anonymously.</summary>
public enum JudgeAuthentication
{
    None,
    ApiKey,
    EntraId,
}
