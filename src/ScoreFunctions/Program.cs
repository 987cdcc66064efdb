using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using ScoreFunctions;
using ScoreJobs.Hosting;

// The host logs what the worker writes, so a bad setting shows in the Functions log as one line naming it.
return await HostStartup.RunAsync(async () =>
{
    var builder = FunctionsApplication.CreateBuilder(args);
    builder.ConfigureFunctionsWebApplication();
    builder.AddScoreJobsFunctions();
    await builder.Build().RunAsync();
});
