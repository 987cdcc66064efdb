namespace ScoreJobs.Cli;

/// <summary>A dataset file in a fresh temp folder, deleted with it.</summary>
internal sealed class TempFile : IDisposable
{
    private readonly string _folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "scorejobs-cli-tests", Guid.NewGuid().ToString("N"));

    public TempFile(string name, string content)
    {
        Directory.CreateDirectory(_folder);
        Path = System.IO.Path.Combine(_folder, name);
        File.WriteAllText(Path, content);
    }

    public string Path { get; }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
