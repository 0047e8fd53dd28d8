namespace TenantSessions.Application.Common.Exceptions;

public sealed class ForbiddenAccessException(string message = "You are not allowed to do that.") : Exception(message);
