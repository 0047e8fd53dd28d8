using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;

namespace TenantSessions.Web.Infrastructure;

/// <summary>
/// Binds <c>bool</c> form values the framework's way, but forgets the raw text of a value that is not a boolean
/// (<c>Input.RememberMe=g+A</c>). The model error stays, so the form is shown again with its message; without this,
/// drawing the checkbox again converts that raw text back to <c>bool</c> and throws (a 500 found by fuzzing).
/// </summary>
internal sealed class CheckboxValuesBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.UnderlyingOrModelType == typeof(bool)
            ? new CheckboxValueBinder(new SimpleTypeModelBinder(context.Metadata.ModelType, context.Services.GetRequiredService<ILoggerFactory>()))
            : null;

    private sealed class CheckboxValueBinder(IModelBinder framework) : IModelBinder
    {
        public async Task BindModelAsync(ModelBindingContext bindingContext)
        {
            await framework.BindModelAsync(bindingContext);
            if (bindingContext.ModelState.TryGetValue(bindingContext.ModelName, out var entry) && entry is { Errors.Count: > 0, RawValue: not null })
            {
                bindingContext.ModelState.SetModelValue(bindingContext.ModelName, rawValue: null, entry.AttemptedValue);
            }
        }
    }
}
