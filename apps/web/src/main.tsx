import '@mantine/core/styles.css';
import { Alert, Badge, type CSSVariablesResolver, createTheme, MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

// The server's CSP allows <style> elements only with this response's nonce (no 'unsafe-inline').
const nonce = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content ?? '';

// WCAG AA (4.5:1) for small text: filled colours one shade darker than the library's default, and
// badges as a coloured dot beside dark text (light greens and oranges never pass on white).
const theme = createTheme({
  primaryShade: 9,
  components: {
    Badge: Badge.extend({ defaultProps: { variant: 'dot' } }),
    // The alert's colour stays in its border and icon; its title is dark text.
    Alert: Alert.extend({ styles: { title: { color: 'var(--mantine-color-text)' } } }),
  },
});

// The default dimmed grey is below WCAG AA contrast (4.5:1) on white: one step darker passes.
const contrast: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' },
  dark: {},
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider getStyleNonce={() => nonce} cssVariablesResolver={contrast} theme={theme}>
      <App />
    </MantineProvider>
  </StrictMode>,
);
