using Hangfire.Logging;
using Microsoft.Extensions.Logging;

namespace TenantSessions.Infrastructure.Jobs;

/// <summary>
/// Hangfire's log provider is process-wide (<c>LogProvider</c> is static), and the last app to start in a process sets
/// it to its own <see cref="ILoggerFactory"/>. When that app stops first, its factory is disposed and Hangfire's next
/// logger (made, for instance, by <c>AutomaticRetryAttribute</c>'s constructor the first time a job type is queued)
/// would throw <see cref="ObjectDisposedException"/>, failing the other app's enqueue with a 500. One app per process
/// (production) never sees this; the test process hosts many. Hangfire's logs then go nowhere instead.
/// </summary>
internal sealed class HangfireLogs(ILoggerFactory loggers) : ILogProvider
{
    private readonly Hangfire.AspNetCore.AspNetCoreLogProvider _framework = new(loggers);

    public ILog GetLogger(string name)
    {
        try
        {
            return _framework.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Silent : ILog
    {
        public static readonly Silent Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
