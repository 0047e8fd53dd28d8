using Mediator;
using Microsoft.EntityFrameworkCore;
using TenantSessions.Application.Admin.Users;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Common.Interfaces;
using TenantSessions.Application.Common.Security;
using TenantSessions.Domain.Users;

namespace TenantSessions.Application.Admin.Queries.ListUsers;

/// <summary>
/// Better Auth's <c>admin/list-users</c>: the people in the administrator's scope (their workspace; everyone for a
/// superadmin on the platform host), searched in <c>email</c> or <c>name</c> (<c>contains</c>, <c>starts_with</c>,
/// <c>ends_with</c>, any case), filtered on <c>email</c>, <c>name</c> or <c>role</c> (<c>eq</c>, <c>ne</c>,
/// <c>contains</c>), sorted on <c>email</c>, <c>name</c> or <c>createdAt</c>, one page of at most 500.
/// </summary>
[Authorize(Roles = Roles.TenantAdmin + "," + Roles.PlatformSuperadmin)]
public sealed record ListUsersQuery(
    string? SearchValue = null,
    string? SearchField = null,
    string? SearchOperator = null,
    int? Limit = null,
    int? Offset = null,
    string? SortBy = null,
    string? SortDirection = null,
    string? FilterField = null,
    string? FilterValue = null,
    string? FilterOperator = null) : IQuery<UserPage>;

public sealed record UserPage(IReadOnlyList<ManagedUser> Users, int Total, int? Limit, int? Offset);

public sealed class ListUsersHandler(IApplicationDbContext db, AdminScope scope) : IQueryHandler<ListUsersQuery, UserPage>
{
    public const int MaxLimit = 500;

    public async ValueTask<UserPage> Handle(ListUsersQuery query, CancellationToken cancellationToken)
    {
        scope.Demand();
        var errors = new Dictionary<string, string[]>();
        var users = scope.Users.AsNoTracking();

        if (!string.IsNullOrEmpty(query.SearchValue))
        {
            var value = query.SearchValue.Trim().ToUpperInvariant();
            var field = query.SearchField ?? "email";
            var op = query.SearchOperator ?? "contains";
            if (field is not ("email" or "name"))
            {
                errors["searchField"] = ["Search in email or name."];
            }
            else if (op is not ("contains" or "starts_with" or "ends_with"))
            {
                errors["searchOperator"] = ["Search with contains, starts_with or ends_with."];
            }
            else
            {
                users = (field, op) switch
                {
                    ("email", "contains") => users.Where(u => u.NormalizedEmail!.Contains(value)),
                    ("email", "starts_with") => users.Where(u => u.NormalizedEmail!.StartsWith(value)),
                    ("email", _) => users.Where(u => u.NormalizedEmail!.EndsWith(value)),
                    (_, "contains") => users.Where(u => u.DisplayName.ToUpper().Contains(value)),
                    (_, "starts_with") => users.Where(u => u.DisplayName.ToUpper().StartsWith(value)),
                    _ => users.Where(u => u.DisplayName.ToUpper().EndsWith(value)),
                };
            }
        }

        if (query.FilterValue is { } filterValue)
        {
            var field = query.FilterField ?? "email";
            var op = query.FilterOperator ?? "eq";
            if (field is not ("email" or "name" or "role"))
            {
                errors["filterField"] = ["Filter on email, name or role."];
            }
            else if (op is not ("eq" or "ne" or "contains"))
            {
                errors["filterOperator"] = ["Filter with eq, ne or contains."];
            }
            else if (field == "role")
            {
                var role = ManagedUsers.ParseRole(filterValue) ?? (filterValue == Roles.PlatformSuperadmin ? Roles.PlatformSuperadmin : null);
                if (role is null || op == "contains")
                {
                    errors["filterValue"] = [ManagedUsers.RoleMessage];
                }
                else
                {
                    var holders = from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where r.Name == role select ur.UserId;
                    users = op == "eq" ? users.Where(u => holders.Contains(u.Id)) : users.Where(u => !holders.Contains(u.Id));
                }
            }
            else
            {
                var value = filterValue.Trim().ToUpperInvariant();
                users = (field, op) switch
                {
                    ("email", "eq") => users.Where(u => u.NormalizedEmail == value),
                    ("email", "ne") => users.Where(u => u.NormalizedEmail != value),
                    ("email", _) => users.Where(u => u.NormalizedEmail!.Contains(value)),
                    (_, "eq") => users.Where(u => u.DisplayName.ToUpper() == value),
                    (_, "ne") => users.Where(u => u.DisplayName.ToUpper() != value),
                    _ => users.Where(u => u.DisplayName.ToUpper().Contains(value)),
                };
            }
        }

        var descending = query.SortDirection switch
        {
            null or "asc" => false,
            "desc" => true,
            _ => Invalid(errors, "sortDirection", "Sort asc or desc."),
        };
        users = query.SortBy switch
        {
            null or "email" => descending ? users.OrderByDescending(u => u.NormalizedEmail) : users.OrderBy(u => u.NormalizedEmail),
            "name" => descending ? users.OrderByDescending(u => u.DisplayName).ThenByDescending(u => u.NormalizedEmail) : users.OrderBy(u => u.DisplayName).ThenBy(u => u.NormalizedEmail),
            "createdAt" => descending ? users.OrderByDescending(u => u.Id) : users.OrderBy(u => u.Id),
            _ => InvalidOrder(errors, users),
        };

        if (query.Limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"Ask for 1 to {MaxLimit} people at a time."];
        }

        if (query.Offset is < 0)
        {
            errors["offset"] = ["The offset cannot be negative."];
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }

        var total = await users.CountAsync(cancellationToken);
        var page = users.Skip(query.Offset ?? 0).Take(query.Limit ?? 100);
        var rows = await ManagedUsers.Project(db, page).ToListAsync(cancellationToken);
        return new UserPage(rows.Select(ManagedUsers.From).ToList(), total, query.Limit, query.Offset);
    }

    private static bool Invalid(Dictionary<string, string[]> errors, string field, string message)
    {
        errors[field] = [message];
        return false;
    }

    private static IOrderedQueryable<ApplicationUser> InvalidOrder(Dictionary<string, string[]> errors, IQueryable<ApplicationUser> users)
    {
        errors["sortBy"] = ["Sort by email, name or createdAt."];
        return users.OrderBy(u => u.Id);
    }
}
