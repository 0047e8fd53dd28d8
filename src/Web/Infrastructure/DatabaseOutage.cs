using System.Data.Common;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore.Storage;

namespace TenantSessions.Web.Infrastructure;

/// <summary>
/// Tells "the database cannot be reached" (a 503, try again shortly) from a bug (a 500), whatever wraps it: EF's
/// execution strategies throw <see cref="InvalidOperationException"/> or <see cref="RetryLimitExceededException"/>
/// around the provider's exception, which in turn wraps the socket error.
/// </summary>
public static class DatabaseOutage
{
    public static bool Is(Exception exception)
    {
        if (exception is DbException)
        {
            return true;
        }

        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is RetryLimitExceededException or TimeoutException or SocketException or DbException { IsTransient: true })
            {
                return true;
            }

            if (e is InvalidOperationException { InnerException: DbException })
            {
                return true;
            }
        }

        return false;
    }
}
