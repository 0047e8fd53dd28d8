namespace TenantSessions.Application.Common.Security;

/// <summary>
/// A security-sensitive command that an administrator acting as the person (impersonation) may not send: proving who
/// one is, the password, the e-mail address, second factors, the person's other sessions, the account's deletion.
/// Every command that needs a fresh session is refused too (<see cref="IRequireFreshSession"/>): nobody proved to be the person.
/// </summary>
public interface IRefusedWhileImpersonating;
