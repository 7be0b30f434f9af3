/**
 * What VS Code puts on a webview for a theme: the kind as a class of <body> and the colours as
 * --vscode-* variables in the style attribute of <html>. The values are those of VS Code's default
 * themes (Light Modern, Dark Modern, Dark High Contrast, Light High Contrast) for the variables the
 * diagram reads, with the translucent ones as VS Code writes them (#rrggbbaa).
 */
export type ThemeKind = 'vscode-light' | 'vscode-dark' | 'vscode-high-contrast' | 'vscode-high-contrast-light';

export interface WebviewTheme {
  readonly kind: ThemeKind;
  readonly variables: Readonly<Record<string, string>>;
}

const FONT = {
  '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-font-weight': 'normal',
};

export const LIGHT_MODERN: WebviewTheme = {
  kind: 'vscode-light',
  variables: {
    ...FONT,
    '--vscode-editor-background': '#ffffff',
    '--vscode-editor-foreground': '#3b3b3b',
    '--vscode-foreground': '#3b3b3b',
    '--vscode-editorWidget-background': '#f8f8f8',
    '--vscode-editorWidget-foreground': '#3b3b3b',
    '--vscode-editorWidget-border': '#c8c8c8',
    '--vscode-widget-border': '#e5e5e5',
    '--vscode-focusBorder': '#005fb8',
    '--vscode-badge-background': '#cccccc',
    '--vscode-badge-foreground': '#3b3b3b',
    '--vscode-editorLineNumber-foreground': '#6e7681',
    '--vscode-descriptionForeground': '#3b3b3b',
    '--vscode-editor-selectionHighlightBackground': '#add6ff80',
    '--vscode-editorHoverWidget-background': '#f8f8f8',
    '--vscode-editorHoverWidget-foreground': '#3b3b3b',
    '--vscode-editorHoverWidget-border': '#c8c8c8',
    '--vscode-button-background': '#005fb8',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-button-secondaryBackground': '#e5e5e5',
    '--vscode-button-secondaryForeground': '#3b3b3b',
    '--vscode-settings-dropdownBackground': '#ffffff',
    '--vscode-settings-dropdownForeground': '#3b3b3b',
    '--vscode-settings-dropdownBorder': '#cecece',
    '--vscode-settings-dropdownListBorder': '#c8c8c8',
    '--vscode-list-activeSelectionBackground': '#e8e8e8',
    '--vscode-list-activeSelectionForeground': '#000000',
    '--vscode-list-hoverBackground': '#f2f2f2',
  },
};

export const DARK_MODERN: WebviewTheme = {
  kind: 'vscode-dark',
  variables: {
    ...FONT,
    '--vscode-editor-background': '#1f1f1f',
    '--vscode-editor-foreground': '#cccccc',
    '--vscode-foreground': '#cccccc',
    '--vscode-editorWidget-background': '#202020',
    '--vscode-editorWidget-foreground': '#cccccc',
    '--vscode-editorWidget-border': '#454545',
    '--vscode-widget-border': '#313131',
    '--vscode-focusBorder': '#0078d4',
    '--vscode-badge-background': '#616161',
    '--vscode-badge-foreground': '#f8f8f8',
    '--vscode-editorLineNumber-foreground': '#6e7681',
    '--vscode-descriptionForeground': '#9d9d9d',
    '--vscode-editor-selectionHighlightBackground': '#add6ff26',
    '--vscode-editorHoverWidget-background': '#202020',
    '--vscode-editorHoverWidget-foreground': '#cccccc',
    '--vscode-editorHoverWidget-border': '#454545',
    '--vscode-button-background': '#0078d4',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-button-secondaryBackground': '#313131',
    '--vscode-button-secondaryForeground': '#cccccc',
    '--vscode-settings-dropdownBackground': '#313131',
    '--vscode-settings-dropdownForeground': '#cccccc',
    '--vscode-settings-dropdownBorder': '#3c3c3c',
    '--vscode-settings-dropdownListBorder': '#454545',
    '--vscode-list-activeSelectionBackground': '#04395e',
    '--vscode-list-activeSelectionForeground': '#ffffff',
    '--vscode-list-hoverBackground': '#2a2d2e',
  },
};

export const DARK_HIGH_CONTRAST: WebviewTheme = {
  kind: 'vscode-high-contrast',
  variables: {
    ...FONT,
    '--vscode-editor-background': '#000000',
    '--vscode-editor-foreground': '#ffffff',
    '--vscode-foreground': '#ffffff',
    '--vscode-editorWidget-background': '#0c141f',
    '--vscode-editorWidget-foreground': '#ffffff',
    '--vscode-contrastBorder': '#6fc3df',
    '--vscode-contrastActiveBorder': '#f38518',
    '--vscode-focusBorder': '#f38518',
    '--vscode-badge-background': '#000000',
    '--vscode-badge-foreground': '#ffffff',
    '--vscode-editorLineNumber-foreground': '#ffffff',
    '--vscode-descriptionForeground': '#ffffff',
    '--vscode-editorHoverWidget-background': '#0c141f',
    '--vscode-editorHoverWidget-foreground': '#ffffff',
    '--vscode-editorHoverWidget-border': '#6fc3df',
    '--vscode-button-background': '#000000',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-settings-dropdownBackground': '#000000',
    '--vscode-settings-dropdownForeground': '#ffffff',
    '--vscode-settings-dropdownBorder': '#6fc3df',
    '--vscode-settings-dropdownListBorder': '#6fc3df',
  },
};

export const LIGHT_HIGH_CONTRAST: WebviewTheme = {
  kind: 'vscode-high-contrast-light',
  variables: {
    ...FONT,
    '--vscode-editor-background': '#ffffff',
    '--vscode-editor-foreground': '#292929',
    '--vscode-foreground': '#292929',
    '--vscode-editorWidget-background': '#ffffff',
    '--vscode-editorWidget-foreground': '#292929',
    '--vscode-contrastBorder': '#0f4a85',
    '--vscode-contrastActiveBorder': '#006bbd',
    '--vscode-focusBorder': '#006bbd',
    '--vscode-badge-background': '#0f4a85',
    '--vscode-badge-foreground': '#ffffff',
    '--vscode-editorLineNumber-foreground': '#292929',
    '--vscode-descriptionForeground': '#292929b3',
    '--vscode-editorHoverWidget-background': '#ffffff',
    '--vscode-editorHoverWidget-foreground': '#292929',
    '--vscode-editorHoverWidget-border': '#0f4a85',
    '--vscode-button-background': '#0f4a85',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-settings-dropdownBackground': '#ffffff',
    '--vscode-settings-dropdownForeground': '#292929',
    '--vscode-settings-dropdownBorder': '#0f4a85',
    '--vscode-settings-dropdownListBorder': '#0f4a85',
  },
};
