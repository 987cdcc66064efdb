using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ScoreJobs.Callbacks;

/// <summary>Callback settings (validated at start), the URL rules, and the guarded named HTTP client that delivers them.</summary>
public static class CallbackServiceCollectionExtensions
{
    public static IServiceCollection AddScoreJobsCallbacks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CallbackOptions>()
            .Bind(configuration.GetSection(CallbackOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CallbackOptions>, CallbackOptionsValidator>());
        services.TryAddSingleton<CallbackUrlPolicy>();
        services.TryAddSingleton<CallbackConnectGuard>();
        services.TryAddSingleton<CallbackSender>();

        services.AddHttpClient(CallbackSender.HttpClientName, (sp, client) =>
            {
                client.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<CallbackOptions>>().Value.AttemptTimeoutSeconds);
                client.DefaultRequestHeaders.UserAgent.ParseAdd("ScoreJobs-Callbacks/1");
            })
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                // A proxy would make the guard check the proxy's address instead of the receiver's.
                UseProxy = false,
                UseCookies = false,
                ConnectTimeout = TimeSpan.FromSeconds(10),
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                ConnectCallback = sp.GetRequiredService<CallbackConnectGuard>().ConnectAsync,
            });
        return services;
    }
}
