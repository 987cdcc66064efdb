using ScoreJobs.Hosting;
using ScoreJobs.Server;
using ScoreJobs.Server.OpenApi;

if (IndexCommand.Matches(args)) return await IndexCommand.RunAsync(args);

return await HostStartup.RunAsync(async () =>
{
    // Settings are read once, at start, where they are validated. Reloading appsettings on change would make the host watch
    // its content root (the working directory), which on Linux walks every folder below it, the records folder included:
    // with 1,000,000 records under it a start took 4.7 to 6.5 s instead of under 1 s. An argument given later still wins.
    var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
    builder.UseDefaultUrl("http://localhost:7071");
    builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
    builder.Services.AddScoreJobsServer(builder.Configuration);

    var app = builder.Build();
    app.UseWorkerPacing();
    app.UseExceptionHandler();
    app.UseStatusCodePages();
    app.UseCors();
    app.UseRecordsPage();
    app.MapScoreJobsApi();
    app.MapScoreJobsOpenApi();
    await app.RunAsync();
});

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
