// Entry point of gust's web UI bundle.

import './style.css';
import { App } from './app';

new App(window).start();
