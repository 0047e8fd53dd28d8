using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TenantSessions.Application.Platform.Commands.CreateWorkspace;
using TenantSessions.Domain.Users;
using TenantSessions.Web.Pages.Shared;

namespace TenantSessions.Web.Pages.Platform;

/// <summary>A superadmin creates a workspace; its first admin gets an invitation by e-mail.</summary>
[Authorize(Roles = Roles.PlatformSuperadmin)]
public sealed class NewWorkspaceModel(IMediator mediator) : SessionPageModel(mediator)
{
    [BindProperty]
    public string Slug { get; set; } = "";

    [BindProperty]
    public string Name { get; set; } = "";

    [BindProperty]
    public string AdminEmail { get; set; } = "";

    protected override Task LoadAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public Task<IActionResult> OnPostAsync() =>
        RunAsync(StepUpPrompt.For("", "create a workspace", Fields(("Slug", Slug), ("Name", Name), ("AdminEmail", AdminEmail))), async ct =>
        {
            var created = await Mediator.Send(new CreateWorkspaceCommand(Slug, Name, AdminEmail), ct);
            Flash = $"{created.Name} was created at {created.Slug}. {AdminEmail} was invited to be its first admin.";
            return Redirect("/platform/tenants");
        });

    protected override string FieldFor(string property) => property switch
    {
        "slug" => nameof(Slug),
        "name" => nameof(Name),
        "adminEmail" => nameof(AdminEmail),
        _ => "",
    };
}
