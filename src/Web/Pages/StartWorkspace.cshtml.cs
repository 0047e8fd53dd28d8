using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using TenantSessions.Application.Common.Exceptions;
using TenantSessions.Application.Platform.Commands.StartWorkspace;
using TenantSessions.Web.Infrastructure;
using ValidationException = TenantSessions.Application.Common.Exceptions.ValidationException;

namespace TenantSessions.Web.Pages;

/// <summary>
/// Self-service "start a workspace" on the platform host (<c>Tenancy:SelfServiceSignUp</c>; 404 when off). Submitting
/// creates nothing: a confirmation link goes to the admin's address, and the page says so.
/// </summary>
[EnableRateLimiting(RateLimits.SignIn)]
public sealed class StartWorkspaceModel(IMediator mediator, IConfiguration configuration, Application.Common.Interfaces.ICurrentTenant tenant) : PageModel
{
    [BindProperty]
    public string Slug { get; set; } = "";

    [BindProperty]
    public string Name { get; set; } = "";

    [BindProperty]
    public string AdminName { get; set; } = "";

    [BindProperty]
    public string AdminEmail { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    /// <summary>The address the confirmation link was sent to, once the form was accepted.</summary>
    public string? SentTo { get; private set; }

    private bool Enabled => tenant.IsPlatformHost && configuration.GetValue(StartWorkspaceCommand.SettingKey, false);

    public IActionResult OnGet() => Enabled ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!Enabled)
        {
            return NotFound();
        }

        try
        {
            await mediator.Send(new StartWorkspaceCommand(Slug, Name, AdminName, AdminEmail, Password), HttpContext.RequestAborted);
            SentTo = AdminEmail.Trim();
            Password = "";
            return Page();
        }
        catch (ValidationException e)
        {
            foreach (var (field, messages) in e.Errors)
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError(field switch { "slug" => nameof(Slug), "name" => nameof(Name), "adminName" => nameof(AdminName), "adminEmail" => nameof(AdminEmail), "password" => nameof(Password), _ => "" }, message);
                }
            }
        }
        catch (RefusalException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
