namespace ScoreJobs.Records;

/// <summary>
/// The id of the job that scores sample number <c>index</c> (0-based) of a run: the run id's first 22 characters (its
/// time and 50 of its random bits) and the index in 6 base32 characters. Derived, not drawn, so that a redelivered
/// expansion message finds the jobs it already created instead of creating them twice; ids of one run sort in sample
/// order, and they are as hard to guess as the run id they come from.
/// </summary>
internal static class RunJobId
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
    private const int IndexLength = 6;

    public static string For(string runId, int index)
    {
        Span<char> id = stackalloc char[JobId.Length];
        runId.AsSpan(0, JobId.Length - IndexLength).CopyTo(id);
        for (var i = JobId.Length - 1; i >= JobId.Length - IndexLength; i--)
        {
            id[i] = Alphabet[index & 31];
            index >>= 5;
        }

        return new string(id);
    }
}
