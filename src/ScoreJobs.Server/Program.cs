using ScoreJobs.Hosting;
using ScoreJobs.Server;
using ScoreJobs.Server.OpenApi;

if (IndexCommand.Matches(args)) return await IndexCommand.RunAsync(args);

return await HostStartup.RunAsync(async () =>
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
    app.MapScoreJobsOpenApi();
    await app.RunAsync();
});

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
