using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ScoreFunctions;
using ScoreJobs.Hosting;

try
{
    var builder = FunctionsApplication.CreateBuilder(args);
    builder.ConfigureFunctionsWebApplication();
    builder.AddScoreJobsFunctions();
    await builder.Build().RunAsync();
    return 0;
}
catch (Exception ex) when (ex is InvalidSettingException or OptionsValidationException)
{
    // As the server: a bad setting is the operator's to fix, so say which (the host logs the worker's output).
    await Console.Error.WriteLineAsync($"ScoreJobs cannot start: {ex.Message}");
    return 2;
}
