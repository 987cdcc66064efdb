using Microsoft.Extensions.Options;
using ScoreJobs.Hosting;
using ScoreJobs.Server;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.UseDefaultUrl("http://localhost:7071");
    builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
    builder.Services.AddScoreJobsServer(builder.Configuration);

    var app = builder.Build();
    app.UseExceptionHandler();
    app.UseStatusCodePages();
    app.UseCors();
    app.UseRecordsPage();
    app.MapScoreJobsApi();
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is InvalidSettingException or OptionsValidationException)
{
    // A bad setting is the operator's to fix: say which, without a stack trace.
    await Console.Error.WriteLineAsync($"ScoreJobs cannot start: {ex.Message}");
    return 2;
}

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
