using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Sessions;
using TenantSessions.Domain.Scim;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Scim.Users;

/// <summary>A member as SCIM shows it (RFC 7643 §4.1); the id is the member's id.</summary>
public sealed record ScimUserView(
    Guid Id, string UserName, string? ExternalId, string? GivenName, string? FamilyName, string DisplayName, string Email, bool Active,
    DateTimeOffset Created, DateTimeOffset LastModified);

/// <summary>One page of a list (RFC 7644 §3.4.2): <c>startIndex</c> is 1-based.</summary>
public sealed record ScimUserPage(int TotalResults, int StartIndex, IReadOnlyList<ScimUserView> Resources);

/// <summary>A filter this service understands: <c>userName</c>, <c>externalId</c> or <c>id</c> <c>eq</c> a string.</summary>
public sealed record ScimFilter(string Attribute, string Value);

public sealed record GetScimUserQuery(Guid Id) : IQuery<ScimUserView>;

public sealed record ListScimUsersQuery(ScimFilter? Filter, int StartIndex, int Count) : IQuery<ScimUserPage>;

/// <summary>POST /Users. A member of the workspace with no password: they sign in through the workspace's SSO connection, or set a password with "Forgot password".</summary>
public sealed record CreateScimUserCommand(JsonElement Body) : ICommand<ScimUserView>;

/// <summary>PUT /Users/{id}: the whole resource.</summary>
public sealed record ReplaceScimUserCommand(Guid Id, JsonElement Body) : ICommand<ScimUserView>;

/// <summary>PATCH /Users/{id}: Okta's <c>{"op":"replace","value":{"active":false}}</c> and Entra ID's <c>{"op":"Replace","path":"active","value":"False"}</c> alike.</summary>
public sealed record PatchScimUserCommand(Guid Id, JsonElement Body) : ICommand<ScimUserView>;

/// <summary>DELETE /Users/{id}: the member is deactivated (every session ends) and SCIM answers 404 for them from now on.</summary>
public sealed record DeleteScimUserCommand(Guid Id) : ICommand;

/// <summary>
/// The SCIM Users resource over the current workspace's members. Every handler demands the request's SCIM token
/// (<see cref="ScimCaller"/>); the query filters keep it to the workspace, so another workspace's id is a 404. A
/// deactivation (<c>active: false</c>, DELETE) bans the member and ends every live session at once through
/// <see cref="ISessionStore.RevokeUser"/> (one user "not before" feed entry: every node refuses a warm cache cookie),
/// reason <see cref="ScimReasons.Deactivated"/>, no acting person: the history says <see cref="ScimReasons.Actor"/>.
/// A reactivation lifts only the directory's own deactivation and revives no session.
/// </summary>
public sealed class ScimUserHandlers(
    IApplicationDbContext db,
    ISessionStore store,
    ICurrentTenant currentTenant,
    ScimCaller caller,
    TimeProvider clock,
    ILogger<ScimUserHandlers> logger)
    : IQueryHandler<GetScimUserQuery, ScimUserView>,
      IQueryHandler<ListScimUsersQuery, ScimUserPage>,
      ICommandHandler<CreateScimUserCommand, ScimUserView>,
      ICommandHandler<ReplaceScimUserCommand, ScimUserView>,
      ICommandHandler<PatchScimUserCommand, ScimUserView>,
      ICommandHandler<DeleteScimUserCommand>
{
    public const int MaxCount = 100;

    private static string Normalize(string value) => value.Trim().ToUpperInvariant();

    public async ValueTask<ScimUserView> Handle(GetScimUserQuery query, CancellationToken cancellationToken)
    {
        caller.Demand();
        var (user, link) = await FindAsync(query.Id, tracked: false, cancellationToken);
        return View(user, link);
    }

    public async ValueTask<ScimUserPage> Handle(ListScimUsersQuery query, CancellationToken cancellationToken)
    {
        caller.Demand();
        var members =
            from u in db.Users.AsNoTracking()
            where u.DeletedAt == null
            join d in db.DirectoryUsers.AsNoTracking() on u.Id equals d.UserId into links
            from d in links.DefaultIfEmpty()
            where d == null || d.DeletedAt == null
            select new { User = u, Link = d };
        if (query.Filter is { } filter)
        {
            var value = filter.Value;
            var normalized = Normalize(value);
            switch (filter.Attribute)
            {
                case "username":
                    members = members.Where(m => m.Link != null ? m.Link.NormalizedUserName == normalized : m.User.NormalizedEmail == normalized);
                    break;
                case "externalid":
                    members = members.Where(m => m.Link != null && m.Link.ExternalId == value);
                    break;
                case "id":
                    members = Guid.TryParse(value, out var id) ? members.Where(m => m.User.Id == id) : members.Where(m => false);
                    break;
                default:
                    throw ScimException.InvalidFilter($"Filtering by {filter.Attribute} is not supported: use userName, externalId or id with eq.");
            }
        }

        var startIndex = Math.Max(1, query.StartIndex);
        var count = Math.Clamp(query.Count, 0, MaxCount);
        var total = await members.CountAsync(cancellationToken);
        var page = count == 0
            ? []
            : await members.OrderBy(m => m.User.CreatedAt).ThenBy(m => m.User.Id).Skip(startIndex - 1).Take(count).ToListAsync(cancellationToken);
        return new ScimUserPage(total, startIndex, page.Select(m => View(m.User, m.Link)).ToList());
    }

    public async ValueTask<ScimUserView> Handle(CreateScimUserCommand command, CancellationToken cancellationToken)
    {
        caller.Demand();
        var tenant = currentTenant.Tenant ?? throw ScimException.NotFound();
        var data = ScimUserData.FromResource(command.Body);
        var now = clock.GetUtcNow();
        var email = Normalize(data.MemberEmail);
        await DemandUniqueUserNameAsync(data.UserName, null, cancellationToken);

        // A member the directory deleted keeps their row (deactivated); the same person provisioned again gets it back.
        var existing = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == email && u.DeletedAt == null, cancellationToken);
        if (existing is not null)
        {
            var link = await db.DirectoryUsers.SingleOrDefaultAsync(d => d.UserId == existing.Id, cancellationToken);
            if (link?.DeletedAt is null)
            {
                throw ScimException.Uniqueness("A member of this workspace already has that e-mail address.");
            }

            link.DeletedAt = null;
            await ApplyAsync(existing, link, data, now, cancellationToken);
            store.Record(ScimReasons.UserProvisioned, tenant.Id, existing.Id, null, $"Provisioned again ({ScimReasons.Actor})");
            return View(existing, link);
        }

        var user = ApplicationUser.Create(tenant.Id, data.MemberEmail, data.MemberName, now, emailConfirmed: true);
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        user.NormalizedEmail = email;
        user.NormalizedUserName = email;
        db.Users.Add(user);
        var roleId = await db.Roles.Where(r => r.Name == Roles.Member).Select(r => r.Id).SingleAsync(cancellationToken);
        db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = roleId });
        var created = new DirectoryUser(user.Id, tenant.Id, now);
        Describe(created, data);
        db.DirectoryUsers.Add(created);
        if (!data.Active)
        {
            Ban(user, created, now);
        }

        store.Record(ScimReasons.UserProvisioned, tenant.Id, user.Id, null, $"{Roles.Member} ({ScimReasons.Actor})");
        logger.LogInformation("SCIM provisioned user {UserId} in tenant {TenantId}", user.Id, tenant.Id);
        return View(user, created);
    }

    public async ValueTask<ScimUserView> Handle(ReplaceScimUserCommand command, CancellationToken cancellationToken)
    {
        caller.Demand();
        var (user, link) = await FindOrLinkAsync(command.Id, cancellationToken);
        var data = ScimUserData.FromResource(command.Body);
        await ApplyAsync(user, link, data, clock.GetUtcNow(), cancellationToken);
        return View(user, link);
    }

    public async ValueTask<ScimUserView> Handle(PatchScimUserCommand command, CancellationToken cancellationToken)
    {
        caller.Demand();
        var (user, link) = await FindOrLinkAsync(command.Id, cancellationToken);
        var current = View(user, link);
        var data = new ScimUserData(current.UserName, current.ExternalId, current.GivenName, current.FamilyName, null, current.DisplayName, current.Email, current.Active)
            .Patch(command.Body);
        await ApplyAsync(user, link, data, clock.GetUtcNow(), cancellationToken);
        return View(user, link);
    }

    public async ValueTask<Unit> Handle(DeleteScimUserCommand command, CancellationToken cancellationToken)
    {
        caller.Demand();
        var (user, link) = await FindOrLinkAsync(command.Id, cancellationToken);
        var now = clock.GetUtcNow();
        await DeactivateAsync(user, link, now, cancellationToken);
        link.DeletedAt = now;
        link.UpdatedAt = now;
        store.Record(ScimReasons.UserDeleted, user.TenantId, user.Id, null, ScimReasons.Actor);
        logger.LogInformation("SCIM deleted user {UserId}", user.Id);
        return Unit.Value;
    }

    /// <summary>Writes what the directory says: names, user name, e-mail, and <c>active</c> last (a deactivation ends every session).</summary>
    private async Task ApplyAsync(ApplicationUser user, DirectoryUser link, ScimUserData data, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await DemandUniqueUserNameAsync(data.UserName, user.Id, cancellationToken);
        var payloadChanged = false;
        var email = Normalize(data.MemberEmail);
        if (email != user.NormalizedEmail)
        {
            if (await db.Users.AnyAsync(u => u.Id != user.Id && u.NormalizedEmail == email, cancellationToken))
            {
                throw ScimException.Uniqueness("Another member of this workspace has that e-mail address.");
            }

            user.Email = data.MemberEmail;
            user.UserName = data.MemberEmail;
            user.NormalizedEmail = email;
            user.NormalizedUserName = email;
            user.EmailConfirmed = true;
            payloadChanged = true;
        }

        if (data.MemberName != user.DisplayName)
        {
            user.DisplayName = data.MemberName;
            payloadChanged = true;
        }

        Describe(link, data);
        link.UpdatedAt = now;
        if (payloadChanged)
        {
            store.UserChanged(user.Id);
            store.Record(ScimReasons.UserUpdated, user.TenantId, user.Id, null, ScimReasons.Actor);
        }

        if (!data.Active)
        {
            await DeactivateAsync(user, link, now, cancellationToken);
        }
        else if (Bans.IsBanned(user.LockoutEnd) && link.DeactivatedAt is not null)
        {
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
            link.DeactivatedAt = null;
            store.UserChanged(user.Id);
            store.Record(ScimReasons.UserReactivated, user.TenantId, user.Id, null, ScimReasons.Actor);
            logger.LogInformation("SCIM reactivated user {UserId}", user.Id);
        }
    }

    /// <summary>
    /// Bans the member (unless an administrator already did: that ban stays the administrator's) and ends every live
    /// session at once, whatever banned them. Idempotent: a second <c>active: false</c> ends nothing more.
    /// </summary>
    private async Task DeactivateAsync(ApplicationUser user, DirectoryUser link, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var newlyBanned = !Bans.IsBanned(user.LockoutEnd);
        if (newlyBanned)
        {
            Ban(user, link, now);
        }

        var sessions = await db.Sessions.Live(now).Where(s => s.UserId == user.Id).ToListAsync(cancellationToken);
        if (!newlyBanned && sessions.Count == 0)
        {
            return;
        }

        var ended = store.RevokeUser(user.Id, sessions, SessionEnd.By(null, ScimReasons.Deactivated));
        if (newlyBanned)
        {
            store.Record(ScimReasons.UserDeactivated, user.TenantId, user.Id, null, $"{ended.Count} session(s) ended ({ScimReasons.Actor})");
        }

        logger.LogWarning("SCIM deactivated user {UserId}; {Count} sessions ended", user.Id, ended.Count);
    }

    private static void Ban(ApplicationUser user, DirectoryUser link, DateTimeOffset now)
    {
        user.LockoutEnabled = true;
        user.LockoutEnd = Bans.Forever;
        link.DeactivatedAt = now;
    }

    private static void Describe(DirectoryUser link, ScimUserData data)
    {
        link.UserName = data.UserName;
        link.NormalizedUserName = Normalize(data.UserName);
        link.ExternalId = data.ExternalId;
        link.GivenName = data.GivenName;
        link.FamilyName = data.FamilyName;
    }

    private async Task DemandUniqueUserNameAsync(string userName, Guid? self, CancellationToken cancellationToken)
    {
        var normalized = Normalize(userName);
        var taken = await (
                from u in db.Users
                where u.DeletedAt == null && u.Id != self
                join d in db.DirectoryUsers on u.Id equals d.UserId into links
                from d in links.DefaultIfEmpty()
                where d != null ? d.DeletedAt == null && d.NormalizedUserName == normalized : u.NormalizedEmail == normalized
                select u.Id)
            .AnyAsync(cancellationToken);
        if (taken)
        {
            throw ScimException.Uniqueness("Another member of this workspace has that userName.");
        }
    }

    private async Task<(ApplicationUser User, DirectoryUser? Link)> FindAsync(Guid id, bool tracked, CancellationToken cancellationToken)
    {
        var users = tracked ? db.Users : db.Users.AsNoTracking();
        var user = await users.SingleOrDefaultAsync(u => u.Id == id && u.DeletedAt == null, cancellationToken) ?? throw ScimException.NotFound();
        var links = tracked ? db.DirectoryUsers : db.DirectoryUsers.AsNoTracking();
        var link = await links.SingleOrDefaultAsync(d => d.UserId == id, cancellationToken);
        return link?.DeletedAt is null ? (user, link) : throw ScimException.NotFound();
    }

    /// <summary>The member and their directory row, which a member nobody provisioned gets at the directory's first write.</summary>
    private async Task<(ApplicationUser User, DirectoryUser Link)> FindOrLinkAsync(Guid id, CancellationToken cancellationToken)
    {
        var (user, link) = await FindAsync(id, tracked: true, cancellationToken);
        if (link is null)
        {
            link = new DirectoryUser(user.Id, user.TenantId!.Value, clock.GetUtcNow()) { UserName = user.Email ?? "", NormalizedUserName = user.NormalizedEmail ?? "" };
            db.DirectoryUsers.Add(link);
        }

        return (user, link);
    }

    private static ScimUserView View(ApplicationUser user, DirectoryUser? link) => new(
        user.Id,
        link?.UserName ?? user.Email ?? "",
        link?.ExternalId,
        link?.GivenName,
        link?.FamilyName,
        user.DisplayName,
        user.Email ?? "",
        !Bans.IsBanned(user.LockoutEnd),
        user.CreatedAt,
        link?.UpdatedAt ?? user.CreatedAt);
}
